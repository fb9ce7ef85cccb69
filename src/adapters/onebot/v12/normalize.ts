import type { V12Event, V12Self } from './events.js'

export type Normalized =
  | { readonly ok: true; readonly event: V12Event }
  | { readonly ok: false; readonly reason: string }

/**
 * Checks the few fields dispatch relies on and fixes known variants in place (no copy):
 * - draft-era events (before 2022-08) with top-level `self_id` + `platform` get a synthesised `self`;
 * - a missing `sub_type` becomes `''`, integer `time` is fine, a missing `id` becomes `''`;
 * - a message given as a string or a single segment becomes a segment array (no parsing);
 * - `alt_message` defaults to `''`.
 * Non-meta events without any `self` get `fallbackSelf()` (the connection's only bot), if any.
 */
export function normalizeEvent(
  raw: Record<string, unknown>,
  fallbackSelf: () => V12Self | undefined = () => undefined,
): Normalized {
  const event = raw as Record<string, unknown> & { self?: unknown }
  if (typeof event.detail_type !== 'string') return { ok: false, reason: 'event has no string detail_type' }
  if (event.sub_type === undefined || event.sub_type === null) event.sub_type = ''
  else if (typeof event.sub_type !== 'string') event.sub_type = String(event.sub_type)
  if (event.id === undefined) event.id = ''
  if (typeof event.time !== 'number') {
    const time = Number(event.time)
    event.time = Number.isFinite(time) ? time : Date.now() / 1000
  }
  if (event.type !== 'meta') {
    const self = readSelf(event) ?? fallbackSelf()
    if (!self) return { ok: false, reason: `${event.type}.${event.detail_type} event has no self` }
    event.self = self
  }
  if (event.type === 'message') {
    const message = event.message
    if (typeof message === 'string')
      event.message = message === '' ? [] : [{ type: 'text', data: { text: message } }]
    else if (!Array.isArray(message)) {
      if (message && typeof message === 'object') event.message = [message]
      else return { ok: false, reason: 'message event has no message' }
    }
    if (typeof event.alt_message !== 'string') event.alt_message = ''
    if (event.user_id !== undefined && typeof event.user_id !== 'string')
      event.user_id = String(event.user_id)
  }
  return { ok: true, event: event as unknown as V12Event }
}

/** `self` as the final spec has it, or from the draft's top-level `platform` + `self_id`. */
function readSelf(event: Record<string, unknown>): V12Self | undefined {
  const self = event.self
  if (self && typeof self === 'object') {
    const { platform, user_id } = self as Record<string, unknown>
    if (user_id !== undefined && user_id !== null) {
      return { platform: typeof platform === 'string' ? platform : '', user_id: String(user_id) }
    }
  }
  if (event.self_id !== undefined && event.self_id !== null) {
    return {
      platform: typeof event.platform === 'string' ? event.platform : '',
      user_id: String(event.self_id),
    }
  }
  return undefined
}

/** `platform:user_id`, the adapter's bot key. */
export function selfKey(self: V12Self): string {
  return `${self.platform}:${self.user_id}`
}
