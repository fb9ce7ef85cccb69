import { parse as parseLossless, stringify as stringifyLossless } from 'lossless-json'
import { DEFAULT_MAX_JSON_DEPTH, guardJsonText, HostileValueError } from './json-guard.js'

/**
 * A number literal of 16 or more digits (2^53 has 16): the only way a frame can hold an integer
 * beyond 2^53. Numbers stand at the start or after `:`, `,` or `[`; long digit runs inside strings
 * (ids, file names, URLs) mostly do not, so those frames keep the fast path.
 */
const LONG_NUMBER = /(?:^|[:,[])\s*-?\d{16}/

/**
 * Parses JSON without corrupting integers beyond `Number.MAX_SAFE_INTEGER`: those become decimal
 * strings (ids are exposed as strings anyway). Frames without a 16-digit number take the fast
 * `JSON.parse` path (a long digit run inside a string may still send a frame down the lossless
 * path: same result, just slower). Throws `SyntaxError` on malformed input, like `JSON.parse`, and
 * on hostile input (nesting deeper than `maxDepth`, a `toString` or `__proto__` key; see json-guard).
 */
export function parseJsonLossless(text: string, maxDepth = DEFAULT_MAX_JSON_DEPTH): unknown {
  const refused = guardJsonText(text, maxDepth)
  if (refused !== undefined) throw new HostileValueError(refused)
  if (!LONG_NUMBER.test(text)) return JSON.parse(text)
  return parseLossless(text, null, parseNumberSafely)
}

function parseNumberSafely(value: string): number | string {
  const number = Number(value)
  if (Number.isSafeInteger(number) || !isIntegerLiteral(value)) return number
  return value
}

function isIntegerLiteral(value: string): boolean {
  return /^-?\d+$/.test(value)
}

/** Decodes a text or binary WebSocket frame / HTTP body and parses it; `undefined` when it is not JSON. */
export function decodeJsonFrame(
  data: string | Uint8Array,
  maxDepth = DEFAULT_MAX_JSON_DEPTH,
): { ok: true; value: unknown } | { ok: false; error: string; hostile?: true } {
  const text =
    typeof data === 'string'
      ? data
      : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8')
  try {
    return { ok: true, value: parseJsonLossless(text, maxDepth) }
  } catch (error) {
    if (error instanceof HostileValueError) return { ok: false, error: error.message, hostile: true }
    return { ok: false, error: error instanceof Error ? error.message : String(error) }
  }
}

/** `JSON.stringify`, or (`lossless`) the encoder that writes `LosslessNumber`s as bare integers. */
export function stringifyJson(value: unknown, lossless: boolean): string {
  return lossless ? (stringifyLossless(value) ?? 'null') : JSON.stringify(value)
}
