import type { ApiHooks } from '../../../adapter/api-hooks.js'
import { Bot, type CallOptions, type SendOptions } from '../../../adapter/bot.js'
import type { IncomingEvent } from '../../../adapter/event.js'
import type { ChatTarget } from '../../../adapter/target.js'
import type { Logger } from '../../../log.js'
import type { MessageInput } from '../../../message/segment.js'
import { ContactBook } from '../shared/contacts.js'
import { type MediaMode, outgoingSegments } from '../shared/media.js'
import { V12_META_ACTIONS, type V12ActionMap, type V12ActionName, type V12ActionRequest } from './actions.js'
import { fetchV12Contacts, v12SendTarget } from './contacts.js'
import { resultOf } from './errors.js'
import type { V12Self } from './events.js'
import { v12FromUniversal } from './media.js'
import { V12Message, V12MessageSegment, type V12Segment } from './message.js'

/** Something that can carry one action to the implementation and return its raw response. */
export interface V12ActionLink {
  /** e.g. `reverse WebSocket #3` or `HTTP http://127.0.0.1:5700/`, for logs and errors. */
  readonly description: string
  request(request: V12ActionRequest, timeoutMs: number): Promise<Record<string, unknown>>
}

/** How a bot finds its link for each call (WebSocket first, then HTTP); throws `ApiNotAvailable`. */
export type V12LinkResolver = (bot: V12Bot, action: string) => V12ActionLink

type ParamsArg<K extends V12ActionName> = {} extends V12ActionMap[K]['params']
  ? [params?: V12ActionMap[K]['params'], options?: CallOptions]
  : [params: V12ActionMap[K]['params'], options?: CallOptions]

/**
 * One V12 bot: one `self` (platform + user id) on one connection. `selfId` is the user id, unless
 * another platform's bot on this adapter already uses that id: then it is `platform:user_id`, so
 * that the app's `adapter:selfId` keys never collide.
 *
 * A connection also has a placeholder bot with no `self` (`selfId` `''`): meta events that arrive
 * before any bot is known are dispatched with it, and it can call the meta actions.
 */
export class V12Bot extends Bot {
  readonly adapter = 'onebot.v12'
  /** `undefined` for a connection's placeholder bot. */
  self: V12Self | undefined

  constructor(
    selfId: string,
    self: V12Self | undefined,
    hooks: ApiHooks,
    private readonly resolveLink: V12LinkResolver,
    private readonly defaultTimeoutMs: number,
    /** The implementation name (`walle-q`), once known. */
    private readonly implOf: () => string | undefined = () => undefined,
    logger?: Logger,
  ) {
    super(selfId, hooks)
    this.self = self
    this.#contacts = new ContactBook(
      (kind) => fetchV12Contacts(this, kind),
      (kind, error) =>
        logger?.warn(
          `OneBot V12: bot ${selfId} cannot list its ${kind}s (${error instanceof Error ? error.message : String(error)}); ` +
            'it reaches only the chats it has seen events from',
        ),
    )
  }

  readonly #contacts: ContactBook

  /** The groups, friends and guilds the bot is known to be in (fed by the adapter's events). */
  override get contacts(): ContactBook {
    return this.#contacts
  }

  override get platform(): string {
    return this.self?.platform ?? ''
  }

  get userId(): string {
    return this.self?.user_id ?? ''
  }

  get impl(): string | undefined {
    return this.implOf()
  }

  #supported: Promise<ReadonlySet<string>> | undefined

  /**
   * Whether the implementation lists `action` in `get_supported_actions` (asked once per bot).
   * `get_latest_events` may be missing from that list even when implemented, as the spec allows.
   */
  async supports(action: string): Promise<boolean> {
    this.#supported ??= this.call('get_supported_actions').then(
      (names) => new Set(names),
      (error: unknown) => {
        this.#supported = undefined
        throw error
      },
    )
    return (await this.#supported).has(action)
  }

  /** Calls a standard action, typed from `V12ActionMap`. */
  call<K extends V12ActionName>(
    action: K,
    ...[params, options]: ParamsArg<K>
  ): Promise<V12ActionMap[K]['result']> {
    return this.callApi(action, (params ?? {}) as Record<string, unknown>, options) as Promise<
      V12ActionMap[K]['result']
    >
  }

  /**
   * Replies to `event` with `send_message` in its chat (private, group or channel).
   * `atSender` mentions the sender first (not in private chats); `reply` quotes the message.
   */
  async send(event: IncomingEvent, message: MessageInput<V12Segment>, options: SendOptions = {}) {
    const payload = (event.event ?? {}) as Record<string, unknown>
    const target = replyTarget(payload)
    const full = new V12Message()
    if (options.reply && typeof payload.message_id === 'string')
      full.append(V12MessageSegment.reply(payload.message_id))
    if (options.atSender && target.detail_type !== 'private' && typeof payload.user_id === 'string') {
      full.append(V12MessageSegment.mention(payload.user_id)).append(' ')
    }
    full.append(message)
    return this.call('send_message', {
      ...target,
      message: await this.#outgoing(full.segments, message),
    } as unknown as V12ActionMap['send_message']['params'])
  }

  /** Sends to a group, a user or a guild channel with `send_message`. */
  override async sendTo(target: ChatTarget, message: MessageInput<V12Segment>): Promise<unknown> {
    const segments = await this.#outgoing(new V12Message(message).segments, message)
    return this.callApi('send_message', { ...v12SendTarget(target), message: segments })
  }

  /** ONEBOT_MEDIA: how local media files are uploaded. Set by the adapter. */
  mediaMode: MediaMode = 'base64'

  /** The segments for the wire: universal elements converted (media uploaded), other adapters' refused. */
  #outgoing(segments: V12Segment[], input: MessageInput<V12Segment>): Promise<V12Segment[]> {
    return outgoingSegments('onebot.v12', segments, input, (seg) =>
      v12FromUniversal(this, seg, this.mediaMode),
    )
  }

  protected async transport(
    action: string,
    params: Record<string, unknown>,
    options?: CallOptions,
  ): Promise<unknown> {
    const link = this.resolveLink(this, action)
    const request: V12ActionRequest =
      this.self && !V12_META_ACTIONS.has(action) ? { action, params, self: this.self } : { action, params }
    const response = await link.request(request, options?.timeoutMs ?? this.defaultTimeoutMs)
    return resultOf(response, action, params)
  }
}

/** `detail_type` and ids for `send_message`, from the event or guessed from its fields. */
function replyTarget(event: Record<string, unknown>): Record<string, unknown> {
  const { detail_type, user_id, group_id, guild_id, channel_id } = event
  const kind =
    event.type === 'message' && typeof detail_type === 'string'
      ? detail_type
      : guild_id !== undefined && channel_id !== undefined
        ? 'channel'
        : group_id !== undefined
          ? 'group'
          : user_id !== undefined
            ? 'private'
            : undefined
  if (kind === undefined)
    throw new TypeError('cannot tell where to reply: the event has no user, group or channel')
  const target: Record<string, unknown> = { detail_type: kind }
  if (kind === 'private') target.user_id = user_id
  else if (kind === 'group') target.group_id = group_id
  else if (kind === 'channel') {
    target.guild_id = guild_id
    target.channel_id = channel_id
  } else {
    // Extension chat types: pass every id the event has.
    for (const key of ['user_id', 'group_id', 'guild_id', 'channel_id'] as const) {
      if (event[key] !== undefined) target[key] = event[key]
    }
  }
  return target
}
