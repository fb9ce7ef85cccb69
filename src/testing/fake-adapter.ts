import pino from 'pino'
import type { Adapter, AdapterHost, ConnectionMode } from '../adapter/adapter.js'
import type { ApiHooks } from '../adapter/api-hooks.js'
import { Bot, type CallOptions, type SendOptions } from '../adapter/bot.js'
import type { IncomingEvent } from '../adapter/event.js'
import { App, type AppOptions } from '../app.js'
import type { Logger } from '../log.js'
import { Message } from '../message/message.js'
import type { MessageInput, Segment } from '../message/segment.js'

/**
 * An in-memory adapter and bot for plugin tests: events are built by factories, replies and API
 * calls are recorded. No network.
 */

export class FakeMessage extends Message<Segment> {
  protected textSegment(text: string): Segment {
    return { type: 'text', data: { text } }
  }
  protected create(segments?: Iterable<Segment>): this {
    return new FakeMessage(segments ? [...segments] : undefined) as this
  }
}

interface FakeBase {
  readonly self_id: string
}
export interface FakePrivateMessage extends FakeBase {
  readonly post_type: 'message'
  readonly message_type: 'private'
  readonly user_id: string
  readonly message: Segment[]
}
export interface FakeGroupMessage extends FakeBase {
  readonly post_type: 'message'
  readonly message_type: 'group'
  readonly user_id: string
  readonly group_id: string
  readonly sender: { readonly role: 'owner' | 'admin' | 'member' }
  readonly message: Segment[]
}
export interface FakeGroupIncrease extends FakeBase {
  readonly post_type: 'notice'
  readonly notice_type: 'group_increase'
  readonly user_id: string
  readonly group_id: string
  readonly operator_id: string
}
export interface FakeHeartbeat extends FakeBase {
  readonly post_type: 'meta'
  readonly meta_event_type: 'heartbeat'
  readonly interval: number
}
export interface FakeFriendRequest extends FakeBase {
  readonly post_type: 'request'
  readonly request_type: 'friend'
  readonly user_id: string
  readonly comment: string
}

/** The fake adapter's event keys, as a real adapter declares them in `AdapterRegistry`. */
export interface FakeEvents {
  message: FakePrivateMessage | FakeGroupMessage
  'message.private': FakePrivateMessage
  'message.group': FakeGroupMessage
  notice: FakeGroupIncrease
  'notice.group_increase': FakeGroupIncrease
  request: FakeFriendRequest
  'request.friend': FakeFriendRequest
  meta: FakeHeartbeat
  'meta.heartbeat': FakeHeartbeat
}

/** A registry holding only the fake adapter, for `pluginDefiner<FakeRegistry>()`. */
export interface FakeRegistry {
  fake: { events: FakeEvents; bot: FakeBot }
}

export interface SentMessage {
  readonly event: IncomingEvent
  readonly message: FakeMessage
  /** Plain text of what was sent (mentions render as `@id`, quotes as nothing). */
  readonly text: string
  readonly options: SendOptions | undefined
}

export interface RecordedCall {
  readonly action: string
  readonly params: Record<string, unknown>
}

export class FakeBot extends Bot {
  readonly adapter: string
  readonly sent: SentMessage[] = []
  readonly calls: RecordedCall[] = []
  /** Answers API calls; defaults to `{}`. Throw to make a call fail. */
  responder: (action: string, params: Record<string, unknown>) => unknown = () => ({})

  constructor(adapter: string, selfId: string, hooks: ApiHooks) {
    super(selfId, hooks)
    this.adapter = adapter
  }

  async send(event: IncomingEvent, input: MessageInput, options?: SendOptions): Promise<unknown> {
    const message = new FakeMessage(input)
    if (options?.atSender && event.userId !== undefined)
      message.segments.unshift({ type: 'at', data: { qq: event.userId } })
    if (options?.reply) message.segments.unshift({ type: 'reply', data: { id: 'msg' } })
    const text = message.segments
      .map((s) => (s.type === 'text' ? String(s.data.text) : s.type === 'at' ? `@${String(s.data.qq)} ` : ''))
      .join('')
    this.sent.push({ event, message, text, options })
    return this.callApi('send_msg', { message: message.toJSON(), user_id: event.userId })
  }

  /** Texts sent so far. */
  texts(): string[] {
    return this.sent.map((s) => s.text)
  }

  protected async transport(
    action: string,
    params: Record<string, unknown>,
    _options?: CallOptions,
  ): Promise<unknown> {
    this.calls.push({ action, params })
    return this.responder(action, params)
  }
}

export interface MessageInit {
  readonly text?: string
  readonly segments?: Segment[]
  readonly userId?: number
  /** Mention the bot (group). */
  readonly atMe?: boolean
  /** Force `toMe` (otherwise: private, @-mention or a leading NICKNAME). */
  readonly toMe?: boolean
}
export interface GroupMessageInit extends MessageInit {
  readonly groupId?: number
  readonly role?: 'owner' | 'admin' | 'member'
}

export class FakeAdapter implements Adapter {
  readonly name: string
  #host: AdapterHost | undefined

  constructor(name = 'fake') {
    this.name = name
  }

  setup(host: AdapterHost): void {
    this.#host = host
  }

  modes(): readonly ConnectionMode[] {
    return [{ name: 'fake', active: true, detail: 'in memory' }]
  }

  get host(): AdapterHost {
    if (!this.#host) throw new Error('FakeAdapter: start the app first')
    return this.#host
  }

  /** Announces a bot (connect hooks fire). */
  connect(selfId = '1'): FakeBot {
    const bot = new FakeBot(this.name, selfId, this.host.apiHooks)
    this.host.botConnected(bot)
    return bot
  }

  disconnect(bot: FakeBot): void {
    this.host.botDisconnected(bot)
  }

  dispatch(event: IncomingEvent): void {
    this.host.dispatch(event)
  }

  privateMessage(bot: FakeBot, init: MessageInit = {}): IncomingEvent<string, FakePrivateMessage, FakeBot> {
    const userId = init.userId ?? 10
    const original = new FakeMessage(init.segments ?? init.text ?? '')
    const payload: FakePrivateMessage = {
      post_type: 'message',
      message_type: 'private',
      user_id: String(userId),
      message: original.segments,
      self_id: bot.selfId,
    }
    return messageEvent(
      this.name,
      bot,
      payload,
      'message.private.friend',
      String(userId),
      original,
      original,
      init.toMe ?? true,
    )
  }

  groupMessage(bot: FakeBot, init: GroupMessageInit = {}): IncomingEvent<string, FakeGroupMessage, FakeBot> {
    const userId = init.userId ?? 10
    const groupId = init.groupId ?? 100
    const original = new FakeMessage(init.segments ?? init.text ?? '')
    if (init.atMe) original.segments.unshift({ type: 'at', data: { qq: bot.selfId } })
    // What a real adapter does: a leading @bot or NICKNAME addresses the bot and is stripped.
    let message = init.atMe ? original.slice(1) : original.slice(0)
    let toMe = init.atMe ?? false
    const first = message.at(0)
    if (first?.type === 'text') {
      const text = String(first.data.text)
      const nick = this.host.nicknames.find((n) => n !== '' && text.startsWith(n))
      if (nick !== undefined) {
        toMe = true
        const rest = text.slice(nick.length).replace(/^[\s,，]+/, '')
        message = message.slice(1)
        if (rest !== '') message.segments.unshift({ type: 'text', data: { text: rest } })
      }
    }
    const payload: FakeGroupMessage = {
      post_type: 'message',
      message_type: 'group',
      user_id: String(userId),
      group_id: String(groupId),
      sender: { role: init.role ?? 'member' },
      message: original.segments,
      self_id: bot.selfId,
    }
    const session = `group_${groupId}_${userId}`
    return messageEvent(
      this.name,
      bot,
      payload,
      'message.group.normal',
      session,
      message,
      original,
      init.toMe ?? toMe,
    )
  }

  /** The bot's own message echoed back (NoneBot's `message_sent`). */
  messageSent(bot: FakeBot, text: string): IncomingEvent<string, FakePrivateMessage, FakeBot> {
    const event = this.privateMessage(bot, { text, userId: Number(bot.selfId) })
    return { ...event, kind: 'message_sent', name: 'message_sent.private.friend' }
  }

  groupIncrease(
    bot: FakeBot,
    init: { userId?: number; groupId?: number; operatorId?: number } = {},
  ): IncomingEvent<string, FakeGroupIncrease, FakeBot> {
    const payload: FakeGroupIncrease = {
      post_type: 'notice',
      notice_type: 'group_increase',
      user_id: String(init.userId ?? 10),
      group_id: String(init.groupId ?? 100),
      operator_id: String(init.operatorId ?? 0),
      self_id: bot.selfId,
    }
    return plainEvent(
      this.name,
      bot,
      payload,
      'notice',
      'notice.group_increase.approve',
      String(payload.user_id),
      `group_${payload.group_id}_${payload.user_id}`,
    )
  }

  friendRequest(
    bot: FakeBot,
    init: { userId?: number; comment?: string } = {},
  ): IncomingEvent<string, FakeFriendRequest, FakeBot> {
    const payload: FakeFriendRequest = {
      post_type: 'request',
      request_type: 'friend',
      user_id: String(init.userId ?? 10),
      comment: init.comment ?? '',
      self_id: bot.selfId,
    }
    return plainEvent(
      this.name,
      bot,
      payload,
      'request',
      'request.friend',
      String(payload.user_id),
      String(payload.user_id),
    )
  }

  heartbeat(bot: FakeBot): IncomingEvent<string, FakeHeartbeat, FakeBot> {
    const payload: FakeHeartbeat = {
      post_type: 'meta',
      meta_event_type: 'heartbeat',
      interval: 5000,
      self_id: bot.selfId,
    }
    return plainEvent(this.name, bot, payload, 'meta', 'meta.heartbeat', undefined, undefined)
  }
}

function messageEvent<E>(
  adapter: string,
  bot: FakeBot,
  event: E,
  name: string,
  sessionId: string,
  message: FakeMessage,
  originalMessage: FakeMessage,
  toMe: boolean,
): IncomingEvent<string, E, FakeBot> {
  const userId = String((event as { user_id: string }).user_id)
  const groupId = (event as { group_id?: string }).group_id
  return {
    adapter,
    bot,
    event,
    kind: 'message',
    name,
    userId,
    groupId,
    senderRole: (event as { sender?: { role: 'owner' | 'admin' | 'member' } }).sender?.role,
    sessionId,
    message,
    originalMessage,
    plainText: message.extractPlainText(),
    toMe,
  }
}

function plainEvent<E>(
  adapter: string,
  bot: FakeBot,
  event: E,
  kind: string,
  name: string,
  userId: string | undefined,
  sessionId: string | undefined,
): IncomingEvent<string, E, FakeBot> {
  return {
    adapter,
    bot,
    event,
    kind,
    name,
    userId,
    groupId: (event as { group_id?: string }).group_id,
    sessionId,
    message: undefined,
    originalMessage: undefined,
    plainText: '',
    toMe: false,
  }
}

/** A started app with one fake adapter and one connected bot, for plugin tests. */
export interface FakeApp {
  readonly app: App
  readonly adapter: FakeAdapter
  readonly bot: FakeBot
  /** Dispatches the event and waits until every matcher has finished or is waiting for a reply. */
  receive(event: IncomingEvent): Promise<void>
  /** Texts the bot sent so far. */
  texts(): string[]
  stop(): Promise<void>
}

export async function createFakeApp(
  options: Omit<AppOptions, 'adapters' | 'driver'> & { adapterName?: string } = {},
): Promise<FakeApp> {
  const adapter = new FakeAdapter(options.adapterName)
  const app = new App({
    ...options,
    adapters: [adapter],
    driver: { start: async () => {}, stop: async () => {} },
  })
  await app.start()
  const bot = adapter.connect()
  return {
    app,
    adapter,
    bot,
    async receive(event) {
      app.dispatch(event)
      await app.plugins.idle()
    },
    texts: () => bot.texts(),
    stop: () => app.stop(),
  }
}

/** A logger that keeps every record (as parsed JSON) in `records`, for asserting on log lines. */
export function captureLogger(level = 'debug'): { logger: Logger; records: Record<string, unknown>[] } {
  const records: Record<string, unknown>[] = []
  const logger = pino(
    { level },
    { write: (line: string) => records.push(JSON.parse(line) as Record<string, unknown>) },
  )
  return { logger, records }
}
