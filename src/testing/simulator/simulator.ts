import { clearTimeout, setTimeout } from 'node:timers'
import { setTimeout as sleep } from 'node:timers/promises'
import { ActionDesk } from './action-desk.js'
import type { SentMessage } from './action-recorder.js'
import { segmentsToCq } from './cq.js'
import { v11Events, v12Events } from './events/index.js'
import type { V11Segment, V11WireEvent, V12WireEvent } from './events/wire.js'
import { MessageStore } from './message-store.js'
import type {
  Delivery,
  DisconnectOptions,
  ModeContext,
  ModeRunner,
  SimulatorEndpoints,
} from './modes/mode.js'
import { dialWs } from './modes/peer-socket.js'
import { V11HttpPost } from './modes/v11-http-post.js'
import { V11WsForward } from './modes/v11-ws-forward.js'
import { V11WsReverse } from './modes/v11-ws-reverse.js'
import { V12Webhook } from './modes/v12-webhook.js'
import { V12WsForward } from './modes/v12-ws-forward.js'
import { V12WsReverse } from './modes/v12-ws-reverse.js'
import type { SendMessageOptions, SimulatorOptions } from './options.js'
import { type ImplementationProfile, resolveProfile } from './profiles.js'
import type { ActionBehaviour, ActionRecord, SimBot } from './types.js'

/**
 * A simulated OneBot implementation (NapCat, Lagrange, LLOneBot, go-cqhttp or Walle-Q) speaking
 * the real wire protocol over real sockets, for tests, `nbts simulate` and benchmarks.
 *
 * @example
 * const sim = createSimulator({ version: 11, mode: 'ws-reverse', url: 'ws://127.0.0.1:8080/onebot/v11/ws' })
 * await sim.start()
 * await sim.waitConnected()
 * await sim.sendMessage(undefined, '/echo hi')
 * expect((await sim.nextAction('send_msg')).params.message).toBeDefined()
 */
export class Simulator {
  readonly version: 11 | 12
  readonly profile: ImplementationProfile
  readonly bots: readonly SimBot[]
  /** Transport errors seen so far (refused dials, rejected handshakes, failed posts). */
  readonly errors: Error[] = []
  readonly #desk: ActionDesk
  readonly #store = new MessageStore()
  readonly #mode: ModeRunner
  readonly #messageFormat: 'array' | 'string'
  readonly #onError: ((error: Error) => void) | undefined

  constructor(options: SimulatorOptions) {
    this.version = options.version
    this.profile = resolveProfile(options.profile, options.version)
    this.bots = toBots(options)
    if (this.bots.length === 0) throw new Error('the simulator needs at least one bot')
    this.#desk = new ActionDesk({ profile: this.profile, bots: this.bots, store: this.#store })
    this.#messageFormat =
      (options.version === 11 ? options.messageFormat : undefined) ?? this.profile.messageFormat
    this.#onError = options.onError
    const ctx: ModeContext = {
      profile: this.profile,
      bots: this.bots,
      desk: this.#desk,
      accessToken: options.accessToken,
      secret: options.version === 11 ? options.secret : undefined,
      announce: options.announce ?? true,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? this.profile.heartbeatIntervalMs,
      reconnectIntervalMs: options.reconnectIntervalMs ?? this.profile.reconnectIntervalMs,
      host: options.host ?? '127.0.0.1',
      split: options.version === 11 && (options.split ?? false),
      msgpack: options.version === 12 && (options.msgpack ?? false),
      httpHeartbeat: options.version === 11 ? (options.httpHeartbeat ?? this.profile.name === 'gocq') : false,
      dial: options.dial ?? dialWs,
      onError: (error) => {
        // A reverse client dialing a framework that is down errs every interval: keep the latest only.
        if (this.errors.length >= 50) this.errors.shift()
        this.errors.push(error)
        this.#onError?.(error)
      },
    }
    this.#mode = createMode(options, ctx)
  }

  /** Start listening (forward modes, HTTP API servers) and dialing (reverse modes). */
  async start(): Promise<void> {
    await this.#mode.start()
  }

  async close(): Promise<void> {
    await this.#mode.close()
  }

  /**
   * HTTP POST and webhook: post events to `url` from now on. For a framework on port 0, which must
   * know `endpoints.apiRoots` before it starts: create without `url`, `start()`, start the
   * framework, then `setPostUrl(its URL)`. The lagrange profile posts lifecycle `connect` then, as
   * on `start()`; the other V11 profiles post nothing until an event.
   */
  async setPostUrl(url: string): Promise<void> {
    if (!this.#mode.setPostUrl) throw new Error('setPostUrl is for the http-post and webhook modes')
    await this.#mode.setPostUrl(url)
  }

  /** URLs to write into the framework's config (`ONEBOT_API_ROOTS`, `ONEBOT_WS_URLS` ...). */
  get endpoints(): SimulatorEndpoints {
    return this.#mode.endpoints()
  }

  /** WebSocket handshakes so far: dials made (reverse modes) or upgrade requests received (forward). */
  get connectionAttempts(): number {
    return this.#mode.attempts()
  }

  /** Open WebSocket connections right now. */
  get openConnections(): number {
    return this.#mode.openConnections()
  }

  /** Resolves once every reverse socket is up, or once the framework has dialed every forward server. */
  async waitConnected(options: { timeoutMs?: number } = {}): Promise<void> {
    // A real timer, not Date.now(): fake timers in the test must not freeze this deadline.
    let late = false
    const deadline = setTimeout(() => {
      late = true
    }, options.timeoutMs ?? 5000)
    deadline.unref()
    while (!this.#mode.isConnected()) {
      if (late) {
        const last = this.errors.at(-1)
        throw new Error(
          `simulator not connected within ${options.timeoutMs ?? 5000} ms${last ? ` (last error: ${last.message})` : ''}`,
        )
      }
      await sleep(10)
    }
    clearTimeout(deadline)
  }

  /** Push one event as the implementation would (V11 messages converted to CQ strings for gocq). */
  async send(event: V11WireEvent | V12WireEvent): Promise<Delivery> {
    const bot = this.#botOf(event)
    this.#remember(event, bot)
    return this.#mode.push(this.#encode(event), bot)
  }

  /** Push a message from a user to `botId` (the first bot when undefined): private, or group with `groupId`. */
  async sendMessage(
    botId: string | number | undefined,
    text: string,
    options: SendMessageOptions = {},
  ): Promise<Delivery> {
    return this.send(this.messageEvent(botId, text, options))
  }

  /** The event `sendMessage` pushes, without pushing it. */
  messageEvent(
    botId: string | number | undefined,
    text: string,
    options: SendMessageOptions = {},
  ): V11WireEvent | V12WireEvent {
    const bot = this.#bot(botId)
    if (this.version === 11) {
      const common = {
        selfId: Number(bot.id),
        text,
        ...(options.userId === undefined ? {} : { userId: Number(options.userId) }),
        ...(options.nickname === undefined ? {} : { nickname: options.nickname }),
        ...(options.replyTo
          ? {
              replyTo: {
                messageId: Number(options.replyTo.messageId),
                ...(options.replyTo.userId === undefined ? {} : { userId: Number(options.replyTo.userId) }),
              },
            }
          : {}),
      }
      return options.groupId === undefined
        ? v11Events.privateMessage(common)
        : v11Events.groupMessage({
            ...common,
            groupId: Number(options.groupId),
            atBot: options.atBot ?? false,
            role: options.role ?? 'member',
          })
    }
    const common = {
      self: { platform: bot.platform, user_id: bot.id },
      text,
      ...(options.userId === undefined ? {} : { userId: String(options.userId) }),
      ...(options.replyTo
        ? {
            replyTo: {
              messageId: String(options.replyTo.messageId),
              ...(options.replyTo.userId === undefined ? {} : { userId: String(options.replyTo.userId) }),
            },
          }
        : {}),
    }
    return options.groupId === undefined
      ? v12Events.privateMessage(common)
      : v12Events.groupMessage({ ...common, groupId: String(options.groupId), atBot: options.atBot ?? false })
  }

  /** Push bytes exactly as given (malformed JSON, wrong shapes) for negative tests. */
  async sendRaw(data: string | Uint8Array, botId?: string | number): Promise<Delivery> {
    return this.#mode.pushRaw(data, this.#bot(botId))
  }

  /** Every action received, in order. */
  get actions(): readonly ActionRecord[] {
    return this.#desk.recorder.all
  }

  /** The next action not yet handed out (named `name`, if given), waiting up to `timeoutMs` (5 s). */
  nextAction(name?: string, options: { timeoutMs?: number } = {}): Promise<ActionRecord> {
    return this.#desk.recorder.next(name, options)
  }

  /** Actions received but not yet handed out by `nextAction()` (assert "nothing else was called"). */
  pendingActions(): ActionRecord[] {
    return this.#desk.recorder.untaken()
  }

  /**
   * Watch actions as they arrive (before they are answered), e.g. to print the bot's replies in a
   * terminal chat. Returns an unsubscribe function.
   */
  onAction(listener: (record: ActionRecord) => void): () => void {
    return this.#desk.recorder.listen(listener)
  }

  clearActions(): void {
    this.#desk.recorder.clear()
  }

  /**
   * Answer `action` (`'*'`: any action without an override of its own) with a result, a failure, a
   * delay or no answer; returns a function undoing it.
   */
  override(action: string, behaviour: ActionBehaviour, options: { times?: number } = {}): () => void {
    return this.#desk.override(action, behaviour, options)
  }

  /** Like `override`, for the next call only. */
  overrideOnce(action: string, behaviour: ActionBehaviour): () => void {
    return this.#desk.override(action, behaviour, { times: 1 })
  }

  /** What the bot sent (send actions and quick-operation replies), rendered readably. */
  sentMessages(names?: Readonly<Record<string, string>>): SentMessage[] {
    return this.#desk.recorder.sentMessages(names)
  }

  /** Just the texts of `sentMessages()`. */
  sentTexts(): string[] {
    return this.sentMessages().map((message) => message.text)
  }

  /**
   * Close the connections from the implementation side (reverse modes re-dial unless
   * `reconnect: false`), abruptly or with a close `code` and `reason`.
   */
  disconnect(options: DisconnectOptions = {}): Promise<void> {
    return this.#mode.disconnect(options)
  }

  /** Reverse modes: dial again now; `keepOld` leaves the previous sockets open (a replaced connection). */
  reconnect(options: { keepOld?: boolean } = {}): Promise<void> {
    return this.#mode.reconnect(options)
  }

  #bot(botId: string | number | undefined): SimBot {
    if (botId === undefined) return this.bots[0]!
    const bot = this.bots.find((b) => b.id === String(botId))
    if (!bot)
      throw new Error(
        `unknown bot ${String(botId)}; the simulator plays ${this.bots.map((b) => b.id).join(', ')}`,
      )
    return bot
  }

  #botOf(event: V11WireEvent | V12WireEvent): SimBot {
    if (this.version === 11) {
      const selfId = event.self_id
      if (typeof selfId !== 'number' && typeof selfId !== 'string') {
        throw new Error('a V11 simulator sends V11 events (with self_id)')
      }
      return this.#bot(selfId)
    }
    if (typeof event.detail_type !== 'string')
      throw new Error('a V12 simulator sends V12 events (with detail_type)')
    const self = event.self as V12WireEvent['self']
    return self ? this.#bot(self.user_id) : this.bots[0]!
  }

  #encode(event: V11WireEvent | V12WireEvent): Record<string, unknown> {
    if (this.version === 11 && this.#messageFormat === 'string' && Array.isArray(event.message)) {
      return { ...event, message: segmentsToCq(event.message as V11Segment[]) }
    }
    return event
  }

  #remember(event: V11WireEvent | V12WireEvent, bot: SimBot): void {
    if (event.message_id === undefined || event.message === undefined) return
    const detail = 'message_type' in event ? event.message_type : event.detail_type
    this.#store.remember({
      id: String(event.message_id),
      time: Number(event.time),
      detailType: String(detail),
      userId: String(event.user_id),
      groupId: event.group_id === undefined ? undefined : String(event.group_id),
      message: event.message,
      botId: bot.id,
    })
  }
}

/** Create a simulator; call `start()` on it. */
export function createSimulator(options: SimulatorOptions): Simulator {
  return new Simulator(options)
}

function toBots(options: SimulatorOptions): SimBot[] {
  if (options.version === 11) {
    return (options.bots ?? [{ selfId: v11Events.DEFAULT_V11_SELF_ID }]).map((bot) => ({
      id: String(bot.selfId),
      platform: 'qq',
      nickname: bot.nickname ?? `bot${bot.selfId}`,
    }))
  }
  return (options.bots ?? [{ userId: v12Events.DEFAULT_V12_SELF.user_id }]).map((bot) => ({
    id: bot.userId,
    platform: bot.platform ?? 'qq',
    nickname: bot.nickname ?? `bot${bot.userId}`,
  }))
}

function createMode(options: SimulatorOptions, ctx: ModeContext): ModeRunner {
  const needUrl = (what: string): string => {
    if (!options.url) throw new Error(`${what} needs \`url\` (the framework's address)`)
    return options.url
  }
  if (options.version === 11) {
    switch (options.mode) {
      case 'ws-reverse':
        return new V11WsReverse(ctx, needUrl('V11 reverse WS'))
      case 'http-post':
        return new V11HttpPost(ctx, options.url)
      case 'ws-forward':
        return new V11WsForward(ctx)
    }
  }
  switch (options.mode) {
    case 'ws-reverse':
      return new V12WsReverse(ctx, needUrl('V12 reverse WS'))
    case 'webhook':
      return new V12Webhook(ctx, options.url)
    case 'ws-forward':
      return new V12WsForward(ctx)
  }
}
