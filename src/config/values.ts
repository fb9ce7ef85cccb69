/** Value decoding and dict merging as NoneBot's config does them. */

export type PlainObject = Record<string, unknown>

export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

// Only strings starting like a JSON value are worth a JSON.parse attempt.
const JSON_START = /^[[{"\-\d]|^(?:true|false|null)$/

/**
 * A raw config value: `null` stays `null` (a bare `KEY` line), a string that parses as JSON becomes
 * that JSON value, anything else stays the original string. Empty strings stay empty strings.
 */
export function decodeValue(raw: string | null): unknown {
  if (raw === null) return null
  const trimmed = raw.trim()
  if (trimmed === '' || !JSON_START.test(trimmed)) return raw
  try {
    return JSON.parse(trimmed)
  } catch {
    return raw
  }
}

/** pydantic's `deep_update`: dicts merge key by key, anything else is replaced. Inputs are not mutated. */
export function deepMerge(base: PlainObject, update: PlainObject): PlainObject {
  const out: PlainObject = { ...base }
  for (const [key, value] of Object.entries(update)) {
    const current = out[key]
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value
  }
  return out
}

/**
 * Turns flat `a__b__c` keys into nested dicts merged into `a` (NoneBot's `env_nested_delimiter`).
 * A nested key whose base holds a non-dict value is dropped, as NoneBot does (`NOT_NESTED=str`
 * wins over `NOT_NESTED__A=1`). Keys with an empty part (`__x`, `a____b`) stay flat.
 */
export function explodeNestedKeys(flat: ReadonlyMap<string, unknown>, delimiter = '__'): PlainObject {
  const result: PlainObject = {}
  const nested: Array<[string[], unknown]> = []
  for (const [key, value] of flat) {
    const parts = key.split(delimiter)
    if (parts.length > 1 && parts.every((part) => part !== '')) nested.push([parts, value])
    else result[key] = value
  }
  for (const [[base, ...path], value] of nested) {
    const current = result[base!]
    if (current !== undefined && !isPlainObject(current)) continue
    result[base!] = deepMerge(current ?? {}, nest(path, value))
  }
  return result
}

function nest(path: readonly string[], value: unknown): PlainObject {
  let out: unknown = value
  for (let i = path.length - 1; i >= 0; i--) out = { [path[i]!]: out }
  return out as PlainObject
}

/** Keys that would reach an object's prototype when merged into it (`out[key] = value`). */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])

/**
 * The first forbidden key in a config key (each `__` part) or anywhere inside its JSON value, or
 * undefined. Walked without recursion: a value may be nested deeply.
 */
export function forbiddenKey(key: string, value: unknown): string | undefined {
  for (const part of key.split('__')) if (FORBIDDEN_KEYS.has(part)) return part
  if (FORBIDDEN_KEYS.has(key)) return key
  const stack: unknown[] = [value]
  while (stack.length > 0) {
    const current = stack.pop()
    if (typeof current !== 'object' || current === null) continue
    for (const name of Object.keys(current)) {
      if (FORBIDDEN_KEYS.has(name)) return name
      stack.push((current as Record<string, unknown>)[name])
    }
  }
  return undefined
}
