import { z } from 'zod'
import { readLimits } from '../../../config/limits.js'
import type { ConfigStore } from '../../../config/store.js'
import type { BackoffOptions } from '../../../driver/reconnect.js'
import { accessTokenField, apiRootsField, wsUrlListField } from '../shared/config-fields.js'

/**
 * V11 configuration keys. The NoneBot names (`ONEBOT_*`) are read, and `ONEBOT_V11_*` win when set,
 * so a V12 setup can keep its own `ONEBOT_V12_*` keys. Keys after the first four are our opt-ins.
 */
export const v11ConfigShape = {
  onebot_access_token: accessTokenField.describe(
    'a string token (checked on incoming connections, sent on outgoing ones)',
  ),
  onebot_secret: z
    .union([z.string(), z.number()])
    .transform(String)
    .optional()
    .describe('a string secret used to verify X-Signature on HTTP POST ("" = posts are unsigned)'),
  onebot_api_roots: apiRootsField.describe(
    'a JSON object of self id to HTTP API root, e.g. {"123456": "http://127.0.0.1:5700/"}',
  ),
  onebot_ws_urls: wsUrlListField.describe(
    'a JSON array of ws:// or wss:// URLs, e.g. ["ws://127.0.0.1:6700"]',
  ),
  onebot_v11_quick_operation: z
    .union([z.boolean(), z.number().nonnegative().max(60)])
    .default(false)
    .describe(
      'true, false, or the seconds an HTTP POST answer may wait for a quick reply (default 2 when true)',
    ),
  onebot_v11_heartbeat_factor: z
    .number()
    .nonnegative()
    .default(2.5)
    .describe('how many heartbeat intervals may pass before a bot counts as dead (0 turns the watchdog off)'),
  onebot_v11_heartbeat_grace: z
    .number()
    .nonnegative()
    .default(10)
    .describe('seconds added to one heartbeat interval as the least time before a bot counts as dead'),
  onebot_v11_identify_timeout: z
    .number()
    .positive()
    .default(3)
    .describe('seconds a forward WebSocket waits for its first event before asking get_login_info'),
}

const aliases = {
  onebot_access_token: ['onebot_v11_access_token'],
  onebot_secret: ['onebot_v11_secret'],
  onebot_api_roots: ['onebot_v11_api_roots'],
  onebot_ws_urls: ['onebot_v11_ws_urls'],
} as const

/** Everything the V11 adapter needs, in the units the code uses. `onebotV11(options)` overrides any of it. */
export interface V11Options {
  accessToken: string | undefined
  secret: string | undefined
  /** self id -> HTTP API root (always ends with `/`). */
  apiRoots: Readonly<Record<string, string>>
  wsUrls: readonly string[]
  /** How long an HTTP POST answer waits for a handler's reply to send it as a quick operation; 0 = off. */
  quickOperationMs: number
  /** Watchdog: a link is dead after `max(factor * interval, interval + grace)` without a heartbeat. */
  heartbeatFactor: number
  heartbeatGraceMs: number
  /** Forward WebSocket: how long to wait for the first event before calling `get_login_info`. */
  identifyTimeoutMs: number
  /** Forward WebSocket reconnect backoff. @default first retry ~1 s, doubling, capped at 30 s */
  reconnect: BackoffOptions
  /** How long duplicate deliveries are remembered. @default 60000 */
  dedupeTtlMs: number
  /** Deepest JSON nesting accepted in a frame or body (MAX_JSON_DEPTH). @default 128 */
  maxJsonDepth: number
  /** A reverse WebSocket that sends no frame at all for this long is closed; 0 = never (WS_SILENT_TIMEOUT). */
  silentTimeoutMs: number
}

export function readV11Options(store: ConfigStore, overrides: Partial<V11Options> = {}): V11Options {
  const raw = store.section(v11ConfigShape, { aliases })
  const limits = readLimits(store)
  const quick = raw.onebot_v11_quick_operation
  const apiRoots: Record<string, string> = {}
  for (const [selfId, root] of Object.entries(raw.onebot_api_roots))
    apiRoots[selfId] = root.endsWith('/') ? root : `${root}/`
  return {
    accessToken: raw.onebot_access_token,
    // Kept when empty: ONEBOT_SECRET="" says HTTP POST is unsigned (no token fallback).
    secret: raw.onebot_secret,
    apiRoots,
    wsUrls: raw.onebot_ws_urls,
    quickOperationMs: quick === true ? 2000 : quick === false ? 0 : quick * 1000,
    heartbeatFactor: raw.onebot_v11_heartbeat_factor,
    heartbeatGraceMs: raw.onebot_v11_heartbeat_grace * 1000,
    identifyTimeoutMs: raw.onebot_v11_identify_timeout * 1000,
    reconnect: {},
    dedupeTtlMs: 60_000,
    maxJsonDepth: limits.maxJsonDepth,
    silentTimeoutMs: limits.wsSilentTimeoutMs,
    ...overrides,
  }
}
