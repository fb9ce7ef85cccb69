/**
 * Sorts a decoded OneBot frame: an event (an object carrying the version's event key, `post_type`
 * for V11, `type` for V12), an action response (an object with `status` or `retcode`), or
 * something else that must be logged and dropped without closing the connection.
 */
export type FrameKind =
  | { readonly kind: 'event'; readonly payload: Record<string, unknown> }
  | { readonly kind: 'response'; readonly payload: Record<string, unknown> }
  | { readonly kind: 'other'; readonly why: string }

export function classifyFrame(value: unknown, eventKey: 'post_type' | 'type'): FrameKind {
  if (typeof value !== 'object' || value === null) return { kind: 'other', why: `a JSON ${jsonType(value)}` }
  if (Array.isArray(value)) return { kind: 'other', why: 'a JSON array' }
  const payload = value as Record<string, unknown>
  if (typeof payload[eventKey] === 'string') return { kind: 'event', payload }
  if ('status' in payload || 'retcode' in payload) return { kind: 'response', payload }
  return { kind: 'other', why: `an object with neither ${eventKey} nor status/retcode` }
}

function jsonType(value: unknown): string {
  return value === null ? 'null' : typeof value
}
