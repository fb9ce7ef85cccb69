import type { Message } from '../message/message.js'
import type { Bot } from './bot.js'
import type { ChatTarget } from './target.js'

/**
 * The broad kind of an event, the same for every protocol (OneBot V11 `meta_event` and V12 `meta`
 * are both `meta`, so meta-event matchers see both). Adapters may add their own kinds, such as
 * `message_sent` for a bot's own messages.
 */
export type EventKind = 'message' | 'notice' | 'request' | 'meta' | (string & {})

/**
 * What the adapter hands to the dispatcher: the protocol-faithful payload plus the few facts the
 * core needs, computed lazily by the adapter so that matchers that never ask cost nothing.
 */
export interface IncomingEvent<A extends string = string, E = unknown, B extends Bot = Bot> {
  readonly adapter: A
  readonly bot: B
  /** The event as the protocol defines it (typed by the adapter). */
  readonly event: E
  readonly kind: EventKind
  /** Dotted name, most general first: `message.group.normal`, `notice.group_increase.approve`. */
  readonly name: string
  /** The sender or subject user, as a string; undefined when the event has none. */
  readonly userId: string | undefined
  /** The group the event happened in, as a string; undefined outside groups. */
  readonly groupId: string | undefined
  /** The sender's role in the group, when the protocol says (V11 `sender.role`); undefined elsewhere. */
  readonly senderRole?: 'owner' | 'admin' | 'member' | undefined
  /**
   * NoneBot's session id within one bot: the user in private chats, `group_<g>_<u>` in groups.
   * The dispatcher prefixes it with adapter and bot to scope conversations.
   */
  readonly sessionId: string | undefined
  /** The message the matchers see (mention of the bot and nickname stripped), for message events. */
  readonly message: Message | undefined
  /** The message as received. */
  readonly originalMessage: Message | undefined
  /** Plain text of `message` (NoneBot's `get_plaintext`); `''` for non-message events. */
  readonly plainText: string
  /** Whether the event is addressed to the bot. */
  readonly toMe: boolean
  /**
   * The chat the event happened in (a group, a guild channel, a private chat with `userId`), when
   * the adapter can tell. The multi-bot policy uses it; `sendTo(chat)` speaks there.
   */
  readonly chat?: ChatTarget | undefined
  /** User ids the event addresses explicitly: mentions, the author of a quoted message, a poke's target. */
  readonly mentions?: readonly string[]
}
