import { type ErrorCode, NonebotError } from '../errors.js'
import { RemoteActionError } from './errors.js'

/** An event on the stream: adapter, bot, the adapter's encoding, which gateway, when received (ms). */
export interface EventEnvelope {
  readonly a: string
  readonly s: string
  readonly p: unknown
  readonly g: string
  readonly t: number
}

/** An action request to a gateway. `timeoutMs` is null for "no timeout" (JSON has no Infinity). */
export interface ApiRequest {
  readonly action: string
  readonly params: Record<string, unknown>
  readonly timeoutMs: number | null
}

export type ApiReply =
  | { readonly ok: true; readonly data: unknown }
  | {
      readonly ok: false
      readonly code: string
      readonly name: string
      readonly message: string
      readonly retcode?: number
    }

const encoder = new TextEncoder()
const decoder = new TextDecoder()

export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value))
}

/** Parses a message body; undefined when it is not JSON (bad input never throws out of here). */
export function decodeJson(data: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(data)) as unknown
  } catch {
    return undefined
  }
}

export function isEnvelope(value: unknown): value is EventEnvelope {
  const v = value as Partial<EventEnvelope> | undefined
  return (
    typeof v?.a === 'string' && typeof v.s === 'string' && typeof v.g === 'string' && typeof v.t === 'number'
  )
}

export function isApiRequest(value: unknown): value is ApiRequest {
  const v = value as Partial<ApiRequest> | undefined
  return (
    typeof v?.action === 'string' &&
    typeof v.params === 'object' &&
    v.params !== null &&
    (v.timeoutMs === null || typeof v.timeoutMs === 'number')
  )
}

export function replyOf(error: unknown): ApiReply {
  const err = error instanceof Error ? error : new Error(String(error))
  const retcode = (error as { retcode?: unknown }).retcode
  return {
    ok: false,
    code: error instanceof NonebotError ? error.code : 'E_NETWORK',
    name: err.name,
    message: err.message,
    ...(typeof retcode === 'number' ? { retcode } : {}),
  }
}

/** The gateway's answer as the worker's result, or the error it reported. */
export function resultOf(reply: unknown): unknown {
  const r = reply as Partial<ApiReply> | undefined
  if (r?.ok === true) return (r as { data: unknown }).data
  if (r?.ok === false) {
    const failed = r as Extract<ApiReply, { ok: false }>
    throw new RemoteActionError(failed.code as ErrorCode, failed.message, failed.name, failed.retcode)
  }
  throw new RemoteActionError(
    'E_NETWORK',
    'the gateway sent an answer that is not an action reply',
    '',
    undefined,
  )
}
