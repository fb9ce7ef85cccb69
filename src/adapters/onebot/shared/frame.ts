/**
 * Sorts a decoded OneBot frame: an event (an object carrying the version's event key, `post_type`
 * for V11, `type` for V12), an action response (an object with `status`, `retcode` or `echo`), or
 * something else that must be logged and dropped without closing the connection.
 */
export type Frame =
  | { readonly kind: 'event'; readonly payload: Record<string, unknown> }
  | { readonly kind: 'response'; readonly payload: Record<string, unknown> }
  | { readonly kind: 'invalid'; readonly reason: string }

/** The key whose string value marks an event in each protocol version. */
export type EventKey = 'post_type' | 'type'

export function classifyFrame(value: unknown, eventKey: EventKey): Frame {
  if (typeof value !== 'object' || value === null) return invalid(`not a JSON object but ${jsonType(value)}`)
  if (Array.isArray(value)) return invalid('not a JSON object but a JSON array')
  const payload = value as Record<string, unknown>
  if (typeof payload[eventKey] === 'string') return { kind: 'event', payload }
  // An `echo` alone still answers a pending call: failing it at once beats a timeout.
  if ('status' in payload || 'retcode' in payload || 'echo' in payload) return { kind: 'response', payload }
  return invalid(`an object with neither ${eventKey} nor status/retcode/echo`)
}

/** `reason` reads after "a frame that is": `not a JSON object but a JSON array`. */
function invalid(reason: string): Frame {
  return { kind: 'invalid', reason }
}

function jsonType(value: unknown): string {
  return value === null ? 'JSON null' : `a JSON ${typeof value}`
}
