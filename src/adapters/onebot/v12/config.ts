import { z } from 'zod'
import { readLimits } from '../../../config/limits.js'
import type { ConfigStore } from '../../../config/store.js'
import { accessTokenField, apiRootsField, wsUrlListField } from '../shared/config-fields.js'

/**
 * The V12 keys. Only `ONEBOT_ACCESS_TOKEN` is shared with V11 (as a fallback); NoneBot also
 * shares `ONEBOT_WS_URLS` / `ONEBOT_API_ROOTS`, which users report as a bug
 * (nonebot/adapter-onebot#106), so V12 reads only its own URL keys.
 */
const shape = {
  onebot_access_token: accessTokenField.describe('an access token string'),
  onebot_v12_api_roots: apiRootsField.describe(
    'a JSON object of user id to http(s) URL, e.g. {"10000": "http://127.0.0.1:6700/"}',
  ),
  onebot_v12_ws_urls: wsUrlListField.describe(
    'a JSON array of ws:// or wss:// URLs, e.g. ["ws://127.0.0.1:6700/"]',
  ),
  onebot_v12_use_msgpack: z
    .union([z.boolean(), z.record(z.boolean())])
    .default(false)
    .describe('true, false, or a JSON object of implementation name to true/false, e.g. {"walle-q": true}'),
  onebot_v12_webhook_reply_timeout: z.coerce
    .number()
    .nonnegative()
    .default(0)
    .describe('seconds to hold a webhook request so that actions go back in its response body (0 = off)'),
}

export interface V12Config {
  readonly accessToken: string | undefined
  readonly apiRoots: Readonly<Record<string, string>>
  readonly wsUrls: readonly string[]
  /** Whether to send actions as MessagePack to an implementation. */
  readonly useMsgpack: (impl: string | undefined) => boolean
  /** 0 when webhook response bodies are off. */
  readonly webhookReplyMs: number
  /** Deepest JSON/MessagePack nesting accepted (MAX_JSON_DEPTH). */
  readonly maxJsonDepth: number
  /** A reverse WebSocket silent this long after opening is closed; 0 = never (WS_SILENT_TIMEOUT). */
  readonly silentTimeoutMs: number
}

export function readV12Config(store: ConfigStore): V12Config {
  const raw = store.section(shape, { aliases: { onebot_access_token: ['onebot_v12_access_token'] } })
  const msgpack = raw.onebot_v12_use_msgpack
  const limits = readLimits(store)
  return {
    accessToken: raw.onebot_access_token,
    apiRoots: raw.onebot_v12_api_roots,
    wsUrls: raw.onebot_v12_ws_urls,
    useMsgpack: (impl) =>
      typeof msgpack === 'boolean' ? msgpack : impl !== undefined && msgpack[impl] === true,
    webhookReplyMs: raw.onebot_v12_webhook_reply_timeout * 1000,
    maxJsonDepth: limits.maxJsonDepth,
    silentTimeoutMs: limits.wsSilentTimeoutMs,
  }
}
