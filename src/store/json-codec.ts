/**
 * JSON for stored values (`ctx.kv`, persistent jobs' data), bigint-safe: a bigint is written as
 * `{"$bigint":"123"}` and read back as a bigint, so ids above 2^53 keep every digit.
 */
const BIGINT_TAG = '$bigint'

export function encodeValue(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'bigint' ? { [BIGINT_TAG]: v.toString() } : v,
  )
  if (text === undefined) throw new TypeError(`cannot store ${typeof value} as JSON`)
  return text
}

export function decodeValue<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const tagged = (v as Record<string, unknown>)[BIGINT_TAG]
      if (typeof tagged === 'string' && Object.keys(v).length === 1) return BigInt(tagged)
    }
    return v
  }) as T
}
