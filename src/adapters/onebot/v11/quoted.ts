import type { IncomingEvent } from '../../../adapter/event.js'
import { V11IncomingEvent } from './incoming.js'
import { V11Message } from './message.js'

/** The message a V11 message event replies to (quotes). */
export interface V11Quoted {
  /** The quoted message's id, as in the `reply` segment. */
  readonly id: string
  /** Who wrote it; undefined when `get_msg` failed. */
  readonly senderId: string | undefined
  /** Its content, from `get_msg`; undefined when that call failed (deleted, too old). */
  readonly message: V11Message | undefined
}

/**
 * The message that `c` (a handler's context, or an incoming event) quotes, or undefined when it
 * quotes none or is not a V11 event. The adapter fetched it with `get_msg` before dispatch.
 *
 * @example
 * const quoted = v11.quotedMessage(c)
 * if (quoted) await c.send(`${quoted.senderId} said: ${quoted.message?.extractPlainText()}`)
 */
export function quotedMessage(
  c: IncomingEvent | { readonly incoming: IncomingEvent },
): V11Quoted | undefined {
  const incoming = 'incoming' in c ? c.incoming : c
  if (!(incoming instanceof V11IncomingEvent) || !incoming.reply) return undefined
  const { id, message } = incoming.reply
  const sender = message?.sender?.user_id
  return {
    id,
    senderId: sender === undefined || sender === null ? undefined : String(sender),
    message: message ? V11Message.fromWire(message.message, message.raw_message) : undefined,
  }
}
