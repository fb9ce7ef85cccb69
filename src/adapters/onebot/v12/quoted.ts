import type { IncomingEvent } from '../../../adapter/event.js'
import { V12IncomingEvent } from './incoming.js'

/** The message a V12 message event replies to, as its `reply` segment names it. */
export interface V12Quoted {
  readonly id: string
  /** The quoted message's author, when the implementation says (`user_id` of the segment). */
  readonly senderId: string | undefined
}

/**
 * The message that `c` (a handler's context, or an incoming event) quotes, or undefined when it
 * quotes none or is not a V12 event. V12 has no standard action to fetch its content.
 *
 * @example
 * const quoted = v12.quotedMessage(c)
 * if (quoted) await c.send(`You replied to ${quoted.id}`)
 */
export function quotedMessage(
  c: IncomingEvent | { readonly incoming: IncomingEvent },
): V12Quoted | undefined {
  const incoming = 'incoming' in c ? c.incoming : c
  if (!(incoming instanceof V12IncomingEvent) || !incoming.reply) return undefined
  const { message_id: id, user_id: user } = incoming.reply
  return { id: String(id), senderId: user === undefined || user === null ? undefined : String(user) }
}
