import { LosslessNumber } from 'lossless-json'

/**
 * Ids of users, groups and bots are strings everywhere a plugin sees them (the same type as in
 * V12, and lossless beyond 2^53); V11 implementations send and expect numbers. This file converts
 * at the adapter's edge, both ways. Message ids are left alone (int32 in V11, passed back as sent).
 */
const ID_KEYS: ReadonlySet<string> = new Set([
  'self_id',
  'user_id',
  'group_id',
  'operator_id',
  'target_id',
  'sender_id',
  'invitor_id',
])

/** Turns the id fields of an event payload (and of its `sender`) into strings, in place. */
export function eventIdsToStrings(payload: Record<string, unknown>): void {
  for (const key of ID_KEYS) {
    const value = payload[key]
    if (typeof value === 'number') payload[key] = String(value)
  }
  const sender = payload.sender
  if (typeof sender === 'object' && sender !== null) {
    const s = sender as Record<string, unknown>
    if (typeof s.user_id === 'number') s.user_id = String(s.user_id)
    if (typeof s.group_id === 'number') s.group_id = String(s.group_id)
  }
}

/** Turns the id fields of an action result into strings, at any depth (member lists, forward nodes). */
export function resultIdsToStrings(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null || depth > 8) return value
  if (Array.isArray(value)) {
    for (const item of value) resultIdsToStrings(item, depth + 1)
    return value
  }
  const record = value as Record<string, unknown>
  for (const key in record) {
    const field = record[key]
    if (typeof field === 'number') {
      if (ID_KEYS.has(key)) record[key] = String(field)
    } else if (typeof field === 'object' && field !== null) {
      resultIdsToStrings(field, depth + 1)
    }
  }
  return value
}

const DECIMAL = /^-?\d+$/

/**
 * The params as the implementation expects them: decimal-string ids become numbers (beyond 2^53 a
 * `LosslessNumber`, written as a bare integer; `lossless` says the frame needs that encoder).
 * go-cqhttp guild actions take string ids and are left alone.
 */
export function paramsForWire(
  action: string,
  params: Record<string, unknown>,
): { params: Record<string, unknown>; lossless: boolean } {
  if (action.includes('guild')) return { params, lossless: false }
  let out: Record<string, unknown> | undefined
  let lossless = false
  for (const key in params) {
    const value = params[key]
    if (typeof value !== 'string' || !ID_KEYS.has(key) || !DECIMAL.test(value)) continue
    out ??= { ...params }
    const number = Number(value)
    if (Number.isSafeInteger(number)) out[key] = number
    else {
      out[key] = new LosslessNumber(value)
      lossless = true
    }
  }
  return { params: out ?? params, lossless }
}
