import { parse as parseLossless } from 'lossless-json'

/** 16 or more digits in a row: the only way a frame can hold an integer beyond 2^53. */
const LONG_DIGIT_RUN = /\d{16}/

/**
 * Parses JSON without corrupting integers beyond `Number.MAX_SAFE_INTEGER`: those become decimal
 * strings (ids are exposed as strings anyway). Frames without a long digit run take the fast
 * `JSON.parse` path. Throws `SyntaxError` on malformed input, like `JSON.parse`.
 */
export function parseJsonLossless(text: string): unknown {
  if (!LONG_DIGIT_RUN.test(text)) return JSON.parse(text)
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
): { ok: true; value: unknown } | { ok: false; error: string } {
  const text =
    typeof data === 'string'
      ? data
      : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8')
  try {
    return { ok: true, value: parseJsonLossless(text) }
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) }
  }
}
