import { decode, encode } from '@msgpack/msgpack'
import { isSafeNumber, parse as parseLossless } from 'lossless-json'

// candidate for shared/: decoding, big-integer safety and frame classification are the same for
// V11 (with `post_type` as the event discriminator and no MessagePack).

/**
 * A number literal long enough to lose precision in `JSON.parse` (2^53 has 16 digits), in value
 * position: digit runs inside strings (V12 ids are strings) rarely follow `:`, `,` or `[`.
 */
const LONG_INTEGER = /[:,[]\s*-?\d{16,}/

/** Unsafe integers become strings (V12 ids are strings anyway): nothing is silently rounded. Floats stay numbers. */
function parseNumber(value: string): number | string {
  return isSafeNumber(value, { approx: true }) ? Number(value) : value
}

/** Parses JSON text; only frames holding a 16+ digit number pay for the lossless parser. */
export function parseJson(text: string): unknown {
  return LONG_INTEGER.test(text) ? parseLossless(text, null, parseNumber) : JSON.parse(text)
}

/** Decodes one frame or body: text is JSON, bytes are MessagePack. Throws on garbage. */
export function decodePayload(data: string | Uint8Array): unknown {
  return typeof data === 'string' ? parseJson(data) : decode(data)
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

export type Frame =
  | { readonly kind: 'event'; readonly event: Record<string, unknown> }
  | { readonly kind: 'response'; readonly response: Record<string, unknown> }
  | { readonly kind: 'invalid'; readonly reason: string }

/** Tells an event (has a string `type`) from an action response (has `status`/`retcode`/`echo`). */
export function classify(value: unknown): Frame {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      kind: 'invalid',
      reason: `expected a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`,
    }
  }
  const record = value as Record<string, unknown>
  if (typeof record.type === 'string') return { kind: 'event', event: record }
  if ('status' in record || 'retcode' in record || 'echo' in record)
    return { kind: 'response', response: record }
  return { kind: 'invalid', reason: 'object is neither an event (no type) nor an action response' }
}

/** Decodes and classifies; never throws. */
export function readFrame(data: string | Uint8Array): Frame {
  let value: unknown
  try {
    value = decodePayload(data)
  } catch (error) {
    const what = typeof data === 'string' ? 'JSON' : 'MessagePack'
    return { kind: 'invalid', reason: `not valid ${what}: ${(error as Error).message}` }
  }
  return classify(value)
}

/** A short, safe excerpt of a frame for log lines. */
export function excerpt(data: string | Uint8Array, max = 120): string {
  if (typeof data !== 'string') return `<${data.byteLength} bytes>`
  return data.length > max ? `${data.slice(0, max)}…` : data
}
