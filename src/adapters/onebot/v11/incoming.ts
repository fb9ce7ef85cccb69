import type { EventKind, IncomingEvent } from '../../../adapter/event.js'
import type { ChatTarget } from '../../../adapter/target.js'
import type { V11Bot } from './bot.js'
import { v11ChatOf, v11MentionsOf } from './contacts.js'
import { detailKeys } from './event-map.js'
import type { V11Event } from './events.js'
import { V11Message } from './message.js'
import type { QuickReplySlot } from './quick-operation.js'
import { normaliseMessage, type V11Reply } from './to-me.js'

type Payload = Readonly<Record<string, unknown>>

/**
 * One V11 event as the dispatcher sees it. `kind` and `name` are computed up front (dispatch needs
 * them); everything else is computed on first use. The bot's own messages get kind and name
 * `message_sent` (also Lagrange's `message` with `user_id == self_id`), so message matchers never
 * see them and a handler cannot answer itself in a loop.
 */
export class V11IncomingEvent<E extends V11Event = V11Event>
  implements IncomingEvent<'onebot.v11', E, V11Bot>
{
  readonly adapter = 'onebot.v11' as const
  readonly kind: EventKind
  readonly name: string
  /** The quoted message, when the message has a reply segment (set before dispatch). */
  reply: V11Reply | undefined
  /** HTTP POST with quick operations on: the first `bot.send` for this event may answer in the response. */
  quickReply: QuickReplySlot | undefined
  #original: V11Message | undefined
  #normalised: { message: V11Message; toMe: boolean } | undefined

  constructor(
    readonly bot: V11Bot,
    readonly event: E,
    private readonly nicknames: readonly string[],
  ) {
    const payload = event as Payload
    const postType = String(payload.post_type)
    const self = isSelfMessage(payload)
    this.kind = self ? 'message_sent' : postType === 'meta_event' ? 'meta' : postType
    this.name = eventName(payload, self ? 'message_sent' : postType)
  }

  get isMessage(): boolean {
    return this.kind === 'message'
  }

  get userId(): string | undefined {
    const p = this.event as Payload
    const id = p.notice_type === 'notify' && p.sub_type === 'lucky_king' ? p.target_id : p.user_id
    return id === undefined || id === null ? undefined : String(id)
  }

  get groupId(): string | undefined {
    const id = (this.event as Payload).group_id
    return id === undefined || id === null || id === '' || id === '0' || id === 0 ? undefined : String(id)
  }

  get senderRole(): 'owner' | 'admin' | 'member' | undefined {
    const role = ((this.event as Payload).sender as { role?: unknown } | undefined)?.role
    return role === 'owner' || role === 'admin' || role === 'member' ? role : undefined
  }

  get sessionId(): string | undefined {
    const p = this.event as Payload
    const user = this.userId
    if (p.group_id !== undefined && p.group_id !== null && p.group_id !== 0 && user !== undefined) {
      return `group_${p.group_id}_${user}`
    }
    if (p.guild_id !== undefined && p.channel_id !== undefined && user !== undefined) {
      return `guild_${p.guild_id}_channel_${p.channel_id}_${user}`
    }
    return user
  }

  get originalMessage(): V11Message | undefined {
    if (this.#original) return this.#original
    const p = this.event as Payload
    if (!('message' in p) && !('raw_message' in p)) return undefined
    this.#original = V11Message.fromWire(p.message, p.raw_message).reduce()
    return this.#original
  }

  get message(): V11Message | undefined {
    return this.#normalise()?.message
  }

  get plainText(): string {
    return this.message?.extractPlainText() ?? ''
  }

  get toMe(): boolean {
    if (this.kind === 'message') return this.#normalise()?.toMe ?? false
    if (this.kind !== 'notice') return false
    const p = this.event as Payload
    const self = String(p.self_id)
    switch (p.notice_type) {
      case 'notify':
        return p.sub_type === 'poke' || p.sub_type === 'lucky_king'
          ? String(p.target_id) === self
          : String(p.user_id) === self
      case 'group_admin':
      case 'group_decrease':
      case 'group_increase':
      case 'group_ban':
      case 'group_recall':
        return String(p.user_id) === self
      default:
        return false
    }
  }

  get chat(): ChatTarget | undefined {
    return v11ChatOf(this.event as Payload)
  }

  get mentions(): readonly string[] {
    const sender = (this.reply?.message as { sender?: { user_id?: unknown } } | undefined)?.sender
    return v11MentionsOf(this.event as Payload, this.originalMessage?.segments, sender?.user_id)
  }

  /** The message's first reply segment, if any (checked before dispatch to fetch the quote). */
  replySegment(): { id: string; segment: V11Message['segments'][number] } | undefined {
    if (this.kind !== 'message') return undefined
    const p = this.event as Payload
    if (typeof p.message === 'string' && !p.message.includes('[CQ:reply')) return undefined
    const seg = this.originalMessage?.segments.find((s) => s.type === 'reply')
    if (!seg) return undefined
    return { id: String((seg.data as { id?: unknown }).id ?? ''), segment: seg }
  }

  #normalise(): { message: V11Message; toMe: boolean } | undefined {
    if (this.#normalised) return this.#normalised
    const original = this.originalMessage
    if (!original) return undefined
    if (this.kind !== 'message') {
      this.#normalised = { message: original, toMe: false }
      return this.#normalised
    }
    const p = this.event as Payload
    this.#normalised = normaliseMessage(original, {
      selfId: String(p.self_id),
      isPrivate: p.message_type === 'private',
      nicknames: this.nicknames,
      reply: this.reply,
    })
    return this.#normalised
  }
}

/** The bot's own message: `message_sent`, or (Lagrange with IgnoreSelf off) a message from itself. */
export function isSelfMessage(p: Payload): boolean {
  if (p.post_type === 'message_sent') return true
  return p.post_type === 'message' && p.user_id !== undefined && String(p.user_id) === String(p.self_id)
}

function eventName(p: Payload, postType: string): string {
  const key = detailKeys[p.post_type as keyof typeof detailKeys]
  const detail = key ? p[key] : (p.message_type ?? p.notice_type ?? p.request_type ?? p.meta_event_type)
  if (typeof detail !== 'string' || detail === '') return postType
  const sub = p.sub_type
  return typeof sub === 'string' && sub !== '' ? `${postType}.${detail}.${sub}` : `${postType}.${detail}`
}
