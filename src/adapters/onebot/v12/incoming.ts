import type { EventKind, IncomingEvent } from '../../../adapter/event.js'
import type { ChatTarget } from '../../../adapter/target.js'
import type { V12Bot } from './bot.js'
import { v12ChatOf, v12MentionsOf } from './contacts.js'
import type { V12Event, V12MessageEvent } from './events.js'
import { V12Message, type V12Segment } from './message.js'

/** What `toMe` detection left of a message. */
interface Addressing {
  readonly message: V12Message
  readonly toMe: boolean
  /** The `reply` segment's data, if the message quoted one. */
  readonly reply: Readonly<Record<string, unknown>> | undefined
}

/**
 * A V12 event as the dispatcher sees it. Every derived field is computed on first use, so a
 * heartbeat nobody matches costs one object.
 */
export class V12IncomingEvent implements IncomingEvent<'onebot.v12', V12Event, V12Bot> {
  readonly adapter = 'onebot.v12'
  readonly kind: EventKind
  #name: string | undefined
  #addressing: Addressing | undefined
  #original: V12Message | undefined

  constructor(
    readonly bot: V12Bot,
    readonly event: V12Event,
    private readonly nicknames: readonly string[],
  ) {
    // The bot's own messages (some implementations report them) are kept apart, so that command
    // matchers never answer the bot itself and loop.
    this.kind =
      event.type === 'message' && bot.userId !== '' && event.user_id === bot.userId
        ? 'message_sent'
        : event.type
  }

  /** `type.detail_type.sub_type`, empty parts skipped. */
  get name(): string {
    if (this.#name === undefined) {
      const { type, detail_type, sub_type } = this.event
      this.#name = sub_type
        ? `${type}.${detail_type}.${sub_type}`
        : detail_type
          ? `${type}.${detail_type}`
          : type
    }
    return this.#name
  }

  get userId(): string | undefined {
    const id = this.event.user_id
    return typeof id === 'string' ? id : typeof id === 'number' ? String(id) : undefined
  }

  get groupId(): string | undefined {
    const id = this.event.group_id
    return typeof id === 'string' && id !== '' ? id : undefined
  }

  /** `<user>` in private chats, `group_<g>_<u>`, `guild_<g>_channel_<c>_<u>` (notices too). */
  get sessionId(): string | undefined {
    const user = this.userId
    if (user === undefined) return undefined
    const { group_id, guild_id, channel_id } = this.event
    if (typeof guild_id === 'string' && typeof channel_id === 'string')
      return `guild_${guild_id}_channel_${channel_id}_${user}`
    if (typeof group_id === 'string') return `group_${group_id}_${user}`
    return user
  }

  get originalMessage(): V12Message | undefined {
    if (this.event.type !== 'message') return undefined
    this.#original ??= new V12Message((this.event as V12MessageEvent).message)
    return this.#original
  }

  get message(): V12Message | undefined {
    return this.#addressed()?.message
  }

  /** The quoted message (`reply` segment data), if any. */
  get reply(): Readonly<Record<string, unknown>> | undefined {
    return this.#addressed()?.reply
  }

  get plainText(): string {
    return this.message?.extractPlainText() ?? ''
  }

  get toMe(): boolean {
    return this.#addressed()?.toMe ?? false
  }

  get chat(): ChatTarget | undefined {
    return v12ChatOf(this.event as Readonly<Record<string, unknown>>)
  }

  get mentions(): readonly string[] {
    return v12MentionsOf(this.event as Readonly<Record<string, unknown>>)
  }

  #addressed(): Addressing | undefined {
    if (this.event.type !== 'message') return undefined
    // The bot's own message is never addressed to it; it is kept as sent.
    this.#addressing ??=
      this.kind === 'message'
        ? address(this.event as V12MessageEvent, this.bot.userId, this.nicknames)
        : { message: this.originalMessage!, toMe: false, reply: undefined }
    return this.#addressing
  }
}

/**
 * NoneBot's order: reply check, then mention of self (leading, up to two, or trailing), then the
 * nickname prefix. Matched parts are removed from a copy; the event keeps the original.
 */
function address(event: V12MessageEvent, selfId: string, nicknames: readonly string[]): Addressing {
  const segments: V12Segment[] = [...event.message]
  let toMe = event.detail_type === 'private'
  let reply: Readonly<Record<string, unknown>> | undefined

  const replyAt = segments.findIndex((s) => s.type === 'reply')
  if (replyAt >= 0) {
    reply = segments[replyAt]!.data
    if (selfId !== '' && String(reply.user_id) === selfId) toMe = true
    segments.splice(replyAt, 1)
    // The platform's automatic mention of the quoted author follows the reply.
    if (segments[replyAt]?.type === 'mention') segments.splice(replyAt, 1)
    trimTextAt(segments, replyAt)
  }

  const isSelfMention = (s: V12Segment | undefined) =>
    s?.type === 'mention' && selfId !== '' && String(s.data.user_id) === selfId
  if (isSelfMention(segments[0])) {
    toMe = true
    segments.splice(0, 1)
    trimTextAt(segments, 0)
    if (isSelfMention(segments[0])) {
      segments.splice(0, 1)
      trimTextAt(segments, 0)
    }
  } else if (segments.length > 0) {
    let last = segments.length - 1
    const tail = segments[last]
    if (tail?.type === 'text' && String(tail.data.text).trim() === '' && last > 0) last--
    if (isSelfMention(segments[last])) {
      toMe = true
      segments.splice(last)
    }
  }

  const first = segments[0]
  if (nicknames.length > 0 && first?.type === 'text') {
    const text = String(first.data.text)
    const match = nicknamePattern(nicknames).exec(text)
    if (match) {
      toMe = true
      const rest = text.slice(match[0].length)
      if (rest === '') segments.splice(0, 1)
      else segments[0] = { type: 'text', data: { ...first.data, text: rest } }
    }
  }

  if (segments.length === 0) segments.push({ type: 'text', data: { text: '' } })
  return { message: new V12Message(segments), toMe, reply }
}

/** Left-trims the text segment at `index`, dropping it when nothing is left. */
function trimTextAt(segments: V12Segment[], index: number): void {
  const seg = segments[index]
  if (seg?.type !== 'text') return
  const text = String(seg.data.text).trimStart()
  if (text === '') segments.splice(index, 1)
  else segments[index] = { type: 'text', data: { ...seg.data, text } }
}

const patterns = new WeakMap<readonly string[], RegExp>()

function nicknamePattern(nicknames: readonly string[]): RegExp {
  let pattern = patterns.get(nicknames)
  if (!pattern) {
    const names = nicknames.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')
    pattern = new RegExp(`^(?:${names})(?:[\\s,，]*|$)`, 'i')
    patterns.set(nicknames, pattern)
  }
  return pattern
}
