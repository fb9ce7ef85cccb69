import { decode, encode } from '@msgpack/msgpack'
import { classifyFrame, type Frame } from '../shared/frame.js'
import { parseJsonLossless } from '../shared/json.js'
import { DEFAULT_MAX_JSON_DEPTH, guardValue, HostileValueError } from '../shared/json-guard.js'

/**
 * The V12 wire: JSON text (lossless for big integers, shared with V11) or MessagePack bytes, and
 * `bytes` values as base64 in JSON or `bin` in MessagePack.
 */

/** Decodes one frame or body: text is JSON, bytes are MessagePack. Throws on garbage or hostile values. */
export function decodePayload(data: string | Uint8Array, maxDepth = DEFAULT_MAX_JSON_DEPTH): unknown {
  if (typeof data === 'string') return parseJsonLossless(data, maxDepth)
  const value = decode(data)
  const refused = guardValue(value, maxDepth)
  if (refused !== undefined) throw new HostileValueError(refused)
  return value
}

/** `bytes` values travel as base64 in JSON (the spec's basic type rule). */
function bytesAsBase64(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key]
  if (raw instanceof Uint8Array)
    return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64')
  return value
}

export function encodeJson(value: unknown): string {
  return JSON.stringify(value, bytesAsBase64)
}

/** MessagePack with `bin` for bytes; objects with `toJSON` (messages) are serialised through it. */
export function encodeMsgpack(value: unknown): Uint8Array {
  return encode(plain(value))
}

function plain(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return value
  const json = (value as { toJSON?: () => unknown }).toJSON
  if (typeof json === 'function') return plain(json.call(value))
  if (Array.isArray(value)) return value.map(plain)
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = plain(v)
  return out
}

/** Decodes and classifies; never throws. */
export function readFrame(data: string | Uint8Array, maxDepth = DEFAULT_MAX_JSON_DEPTH): Frame {
  let value: unknown
  try {
    value = decodePayload(data, maxDepth)
  } catch (error) {
    if (error instanceof HostileValueError) return { kind: 'invalid', reason: error.message }
    const what = typeof data === 'string' ? 'JSON' : 'MessagePack'
    return { kind: 'invalid', reason: `not valid ${what}: ${(error as Error).message}` }
  }
  return classifyFrame(value, 'type')
}
