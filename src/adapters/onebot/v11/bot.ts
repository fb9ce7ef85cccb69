import type { ApiHooks } from '../../../adapter/api-hooks.js'
import { Bot, type CallOptions, type SendOptions } from '../../../adapter/bot.js'
import type { IncomingEvent } from '../../../adapter/event.js'
import type { ChatTarget } from '../../../adapter/target.js'
import type { HttpClient } from '../../../driver/types.js'
import { ApiNotAvailable } from '../../../errors.js'
import type { Logger } from '../../../log.js'
import type { MessageInput } from '../../../message/segment.js'
import { ContactBook } from '../shared/contacts.js'
import { type MediaMode, outgoingSegments } from '../shared/media.js'
import { type V11ActionName, type V11ActionParams, type V11ActionResult, v11ActionNames } from './actions.js'
import { requestHttpApi } from './connections/http-api.js'
import type { WsLink } from './connections/ws-link.js'
import { fetchV11Contacts, v11SendAction } from './contacts.js'
import { resultOf } from './errors.js'
import { type ForwardNode, normaliseForwardNodes } from './forward-message.js'
import { paramsForWire, resultIdsToStrings } from './ids.js'
import { V11IncomingEvent } from './incoming.js'
import { v11FromUniversal } from './media.js'
import { V11Message } from './message.js'
import { MessageSegment } from './message-segment.js'
import type { V11Segment } from './segment-types.js'

/** `params` may be left out when every parameter of the action is optional. */
export type V11CallArgs<A extends V11ActionName> =
  {} extends V11ActionParams<A>
    ? [params?: V11ActionParams<A>, options?: CallOptions]
    : [params: V11ActionParams<A>, options?: CallOptions]

/** One typed method per action of the map: `bot.api.send_group_msg({ group_id, message })`. */
export type V11Api = {
  readonly [A in V11ActionName]: (...args: V11CallArgs<A>) => Promise<V11ActionResult<A>>
}

type ApiMethod = (
  this: { readonly bot: Bot },
  params?: Record<string, unknown>,
  options?: CallOptions,
) => Promise<unknown>

/** The methods behind every bot's `api`, built once from the action list. */
const apiMethods: Record<string, ApiMethod> = Object.fromEntries(
  v11ActionNames.map((name): [string, ApiMethod] => [
    name,
    function callAction(params, options) {
      return this.bot.callApi(name, params ?? {}, options)
    },
  ]),
)

/** How a bot reaches its implementation; owned and updated by the adapter. */
export interface V11BotTransport {
  readonly apiTimeoutMs: number
  readonly accessToken: string | undefined
  readonly http: HttpClient | undefined
  /** This bot's `ONEBOT_API_ROOTS` entry. */
  readonly apiRoot: string | undefined
  /** ONEBOT_MEDIA: how local media files are sent. @default 'base64' */
  readonly media?: MediaMode
  /** For the rare failures of background work (a contact list that cannot be fetched). */
  readonly logger?: Logger
  /** Told when the API root answered (`/readyz`). */
  readonly reached?: (apiRoot: string) => void
}

/**
 * A V11 account. Actions go over its newest WebSocket that takes actions (Universal, API or
 * forward), else its HTTP API root, else fail with `ApiNotAvailable`.
 */
export class V11Bot extends Bot {
  readonly adapter = 'onebot.v11'
  #api: V11Api | undefined
  /** @internal The bot's open WebSockets, newest last. Managed by the adapter. */
  readonly links = new Set<WsLink>()
  /** @internal Whether events arrive over HTTP POST. Managed by the adapter. */
  postActive = false
  readonly #contacts: ContactBook = new ContactBook(
    (kind) => fetchV11Contacts(this, kind),
    (kind, error) =>
      this.link.logger?.warn(
        `OneBot V11: bot ${this.selfId} cannot list its ${kind}s (${error instanceof Error ? error.message : String(error)}); ` +
          'it reaches only the chats it has seen events from',
      ),
  )
  /** The groups, friends and guilds the bot is known to be in (fed by the adapter's events). */
  override get contacts(): ContactBook {
    return this.#contacts
  }

  constructor(
    selfId: string,
    hooks: ApiHooks,
    private readonly link: V11BotTransport,
  ) {
    super(selfId, hooks)
  }

  /** Typed action methods generated from the action map: `bot.api.get_group_info({ group_id })`. */
  get api(): V11Api {
    // One small object per bot over a shared prototype: idle bots carry no per-action closures.
    this.#api ??= Object.create(apiMethods, { bot: { value: this } }) as V11Api
    return this.#api
  }

  /** Calls an action of the map with typed params and result. Unknown names: use `callApi`. */
  call<A extends V11ActionName>(
    action: A,
    ...[params, options]: V11CallArgs<A>
  ): Promise<V11ActionResult<A>> {
    return this.callApi(action, (params ?? {}) as Record<string, unknown>, options) as Promise<
      V11ActionResult<A>
    >
  }

  /** Queues the action (`<action>_async`); resolves once accepted, without a result. */
  async callAsync<A extends V11ActionName>(action: A, ...[params, options]: V11CallArgs<A>): Promise<void> {
    await this.callApi(`${action}_async`, (params ?? {}) as Record<string, unknown>, options)
  }

  /** Queues the action at the implementation's rate limit (`<action>_rate_limited`). */
  async callRateLimited<A extends V11ActionName>(
    action: A,
    ...[params, options]: V11CallArgs<A>
  ): Promise<void> {
    await this.callApi(`${action}_rate_limited`, (params ?? {}) as Record<string, unknown>, options)
  }

  /**
   * Fetches a merged-forward message and normalises the three response shapes. Sends both `id` and
   * `message_id` (Lagrange reads only `id`, older go-cqhttp only `message_id`); keep ids as strings.
   */
  async getForwardMessage(id: string, options?: CallOptions): Promise<ForwardNode[]> {
    return normaliseForwardNodes(await this.call('get_forward_msg', { id, message_id: id }, options))
  }

  /**
   * Answers a friend or group request event: `set_friend_add_request` (with `remark`) or
   * `set_group_add_request` (echoing the event's `sub_type`, with `reason` when rejecting).
   */
  async answerRequest(event: IncomingEvent, approve: boolean, remarkOrReason?: string): Promise<void> {
    const p = event.event as Readonly<Record<string, unknown>>
    const flag = String(p.flag ?? '')
    if (p.post_type !== 'request' || flag === '')
      throw new Error(`answerRequest needs a request event, got ${event.name}`)
    if (p.request_type === 'friend') {
      await this.call('set_friend_add_request', {
        flag,
        approve,
        ...(remarkOrReason === undefined ? {} : { remark: remarkOrReason }),
      })
      return
    }
    const subType = p.sub_type === 'invite' ? 'invite' : 'add'
    await this.call('set_group_add_request', {
      flag,
      sub_type: subType,
      type: subType,
      approve,
      ...(remarkOrReason === undefined ? {} : { reason: remarkOrReason }),
    })
  }

  /**
   * Answers `event` in its chat: `send_group_msg` in groups, `send_private_msg` in private chats
   * (with the source group for temporary sessions), `send_guild_channel_msg` in go-cqhttp guilds.
   * `atSender` mentions the sender (groups only); `reply` quotes the event's message.
   */
  /** `send_group_forward_msg` / `send_private_forward_msg` with one node per message, sent as the bot. */
  override sendForward(
    event: IncomingEvent,
    messages: readonly MessageInput<V11Segment>[],
  ): Promise<unknown> {
    const target = replyTarget(event.event as Readonly<Record<string, unknown>>)
    // `name`/`uin` (go-cqhttp, Lagrange) and `nickname`/`user_id` (NapCat, LLOneBot) name the sender.
    const nodes = messages.map((message) => ({
      type: 'node' as const,
      data: {
        name: this.selfId,
        uin: this.selfId,
        nickname: this.selfId,
        user_id: this.selfId,
        content: new V11Message(message).segments,
      },
    }))
    if (target.kind === 'group')
      return this.callApi('send_group_forward_msg', { group_id: target.groupId, messages: nodes })
    if (target.kind === 'private')
      return this.callApi('send_private_forward_msg', { user_id: target.userId, messages: nodes })
    return Promise.reject(new Error('merged-forward messages cannot be sent to a guild channel'))
  }

  async send(
    event: IncomingEvent,
    message: MessageInput<V11Segment>,
    options: SendOptions = {},
  ): Promise<V11SendResult> {
    const p = event.event as Readonly<Record<string, unknown>>
    const target = replyTarget(p)
    const segments: V11Segment[] = []
    if (options.reply && p.message_id !== undefined)
      segments.push(MessageSegment.reply(p.message_id as number))
    if (options.atSender && target.kind !== 'private' && p.user_id !== undefined) {
      segments.push(MessageSegment.at(p.user_id as number), MessageSegment.text(' '))
    }
    segments.push(...(await this.#outgoing(message)))
    if (event instanceof V11IncomingEvent && event.quickReply?.offerReply(segments, target.kind === 'group'))
      return undefined
    switch (target.kind) {
      case 'group':
        return this.call('send_group_msg', { group_id: target.groupId, message: segments })
      case 'guild':
        return this.callApi('send_guild_channel_msg', {
          guild_id: target.guildId,
          channel_id: target.channelId,
          message: segments,
        }) as Promise<{ readonly message_id: string }>
      case 'private':
        return this.call('send_private_msg', {
          user_id: target.userId,
          message: segments,
          ...(target.sourceGroup === undefined ? {} : { group_id: target.sourceGroup }),
        })
    }
  }

  /** Sends to a group (`send_group_msg`), a user (`send_private_msg`) or a guild channel. */
  override async sendTo(target: ChatTarget, message: MessageInput<V11Segment>): Promise<unknown> {
    const { action, params } = v11SendAction(target)
    return this.callApi(action, { ...params, message: await this.#outgoing(message) })
  }

  /** How the bot is connected, for the console. */
  override describeConnection(): string | undefined {
    const parts = [...this.links].map((link) => link.describe(false))
    if (this.postActive) parts.push('HTTP POST')
    if (this.link.apiRoot) parts.push(`HTTP API ${this.link.apiRoot}`)
    return parts.length > 0 ? parts.join('; ') : undefined
  }

  protected async transport(
    action: string,
    params: Record<string, unknown>,
    options?: CallOptions,
  ): Promise<unknown> {
    const timeoutMs = options?.timeoutMs ?? this.link.apiTimeoutMs
    const wire = paramsForWire(action, params)
    const ws = this.#apiSocket()
    if (ws) {
      const response = await ws.request(action, wire.params, timeoutMs, undefined, wire.lossless)
      return resultIdsToStrings(resultOf(action, params, response))
    }
    const { apiRoot, http } = this.link
    if (apiRoot && http) {
      const { accessToken } = this.link
      const response = await requestHttpApi(
        http,
        apiRoot,
        accessToken,
        action,
        wire.params,
        timeoutMs,
        wire.lossless,
      )
      this.link.reached?.(apiRoot)
      return resultIdsToStrings(resultOf(action, params, response))
    }
    throw new ApiNotAvailable(
      apiRoot
        ? `bot ${this.selfId} has no WebSocket and the driver has no HTTP client to reach ${apiRoot}`
        : `bot ${this.selfId} has no WebSocket connection and no API root: add it to ONEBOT_API_ROOTS, e.g. {"${this.selfId}": "http://127.0.0.1:5700/"}`,
    )
  }

  /** The message's segments for the wire: universal elements converted, other adapters' refused. */
  #outgoing(message: MessageInput<V11Segment>): Promise<V11Segment[]> {
    const mode = this.link.media ?? 'base64'
    return outgoingSegments('onebot.v11', new V11Message(message).segments, message, (seg) =>
      v11FromUniversal(seg, mode),
    )
  }

  #apiSocket(): WsLink | undefined {
    let found: WsLink | undefined
    for (const link of this.links) if (link.canCall) found = link
    return found
  }
}

/**
 * What `send` (and so `c.send`/`c.reply`) resolves with: the sent message's id (a number; a string
 * in go-cqhttp guilds), or undefined when the message went out as an HTTP POST quick operation.
 */
export type V11SendResult = { readonly message_id: number | string } | undefined

type Target =
  | { kind: 'group'; groupId: number | string }
  | { kind: 'guild'; guildId: string; channelId: string }
  | { kind: 'private'; userId: number | string; sourceGroup: number | string | undefined }

function replyTarget(p: Readonly<Record<string, unknown>>): Target {
  const messageType = p.message_type
  if (messageType === 'guild')
    return { kind: 'guild', guildId: String(p.guild_id), channelId: String(p.channel_id) }
  if (messageType === 'group' || (messageType === undefined && isId(p.group_id))) {
    return { kind: 'group', groupId: p.group_id as number }
  }
  // The bot's own private message names the peer in target_id.
  const userId = p.post_type === 'message_sent' && isId(p.target_id) ? p.target_id : p.user_id
  if (isId(userId)) {
    const sender = p.sender as { group_id?: unknown } | undefined
    const source = p.sub_type === 'group' ? (p.group_id ?? sender?.group_id) : undefined
    return {
      kind: 'private',
      userId: userId as number,
      sourceGroup: isId(source) ? (source as number) : undefined,
    }
  }
  throw new Error(
    `cannot tell where to send a reply to this ${String(p.post_type)} event (no group_id or user_id)`,
  )
}

function isId(value: unknown): boolean {
  return (
    (typeof value === 'number' && value !== 0) || (typeof value === 'string' && value !== '' && value !== '0')
  )
}
