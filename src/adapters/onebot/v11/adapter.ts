import type { Logger } from 'pino'
import type { Adapter, AdapterHost, ConnectionMode } from '../../../adapter/adapter.js'
import { type Endpoint, EndpointTracker } from '../../../adapter/endpoints.js'
import type { DialLoop } from '../../../driver/reconnect.js'
import type { Disposer } from '../../../driver/types.js'
import { NetworkError } from '../../../errors.js'
import { LogRateLimiter } from '../../../log/rate-limit.js'
import { HeartbeatWatchdog } from '../shared/heartbeat-watchdog.js'
import { mediaConfigShape } from '../shared/media.js'
import { RecentKeys } from '../shared/recent-keys.js'
import { SessionOrder } from '../shared/session-order.js'
import { V11Bot } from './bot.js'
import { v11ClusterCodec } from './cluster.js'
import { readV11Options, type V11Options } from './config.js'
import type { V11Core } from './connections/core.js'
import { httpPostRoute } from './connections/http-post.js'
import { startForwardWs } from './connections/ws-forward.js'
import type { LinkHandlers, WsLink } from './connections/ws-link.js'
import { reverseWsHandler } from './connections/ws-reverse.js'
import { learnFromV11Event } from './contacts.js'
import { dedupeKey } from './dedupe.js'
import type { V11Event } from './events.js'
import { eventIdsToStrings } from './ids.js'
import { V11IncomingEvent } from './incoming.js'
import type { QuickReplySlot } from './quick-operation.js'

/** Paths served; the slash-less `/onebot/v11` too, which NoneBot refuses with a bare 403. */
export const V11_WS_PATHS = ['/onebot/v11/', '/onebot/v11', '/onebot/v11/ws', '/onebot/v11/ws/'] as const
export const V11_HTTP_PATHS = [
  '/onebot/v11/',
  '/onebot/v11',
  '/onebot/v11/http',
  '/onebot/v11/http/',
] as const

/** How long the reply check (`get_msg` for a quoted message) may hold an event back. */
const REPLY_LOOKUP_TIMEOUT_MS = 5000

/**
 * The OneBot V11 adapter: reverse WebSocket, HTTP POST and forward WebSocket at once, for any
 * number of bots. Owns the bot table (one `V11Bot` per account and session) and the event pipeline
 * (dedupe, heartbeat watchdog, quote lookup, dispatch).
 */
export class V11Adapter implements Adapter, V11Core {
  readonly name = 'onebot.v11'
  readonly cluster = v11ClusterCodec
  #host: AdapterHost | undefined
  #options: V11Options | undefined
  readonly #bots = new Map<string, V11Bot>()
  readonly #postWatchdogs = new Map<string, HeartbeatWatchdog>()
  /** Bots already warned that two channels deliver their events. */
  readonly #warnedChannels = new Set<string>()
  readonly #disposers: Disposer[] = []
  readonly #dials: DialLoop[] = []
  #recent: RecentKeys | undefined
  readonly #order = new SessionOrder()
  readonly refusals = new LogRateLimiter({ reason: 'event_dropped' })
  readonly reach = new EndpointTracker()

  readonly linkHandlers: LinkHandlers = {
    onEvent: (link, payload) => {
      const bot = link.selfId === undefined ? undefined : this.#bots.get(link.selfId)
      if (!bot) return
      if (payload.post_type === 'meta_event' && payload.meta_event_type === 'heartbeat')
        link.heartbeat(payload.interval)
      this.#deliver(bot, payload, undefined).catch((error: unknown) => {
        this.refusals.log(
          this.logger,
          'warn',
          `deliver:${link.socket.id}`,
          `OneBot V11 ${link.describe()}: dropped an event that could not be handled (${describe(error)})`,
        )
      })
    },
    onClose: (link, code, reason) => this.#detach(link, code, reason),
  }

  constructor(private readonly overrides: Partial<V11Options> = {}) {}

  get host(): AdapterHost {
    if (!this.#host) throw new Error('the OneBot V11 adapter is not set up yet')
    return this.#host
  }

  get options(): V11Options {
    if (!this.#options) throw new Error('the OneBot V11 adapter is not set up yet')
    return this.#options
  }

  get logger(): Logger {
    return this.host.logger
  }

  /** Connected bots by self id. */
  get bots(): ReadonlyMap<string, V11Bot> {
    return this.#bots
  }

  setup(host: AdapterHost): void {
    this.#host = host
    this.#options = readV11Options(host.config, this.overrides)
    for (const url of this.#options.wsUrls) this.reach.expect('forward-ws', url)
    for (const root of Object.values(this.#options.apiRoots)) this.reach.expect('http-api', root)
    this.#recent = new RecentKeys(this.#options.dedupeTtlMs)
    const server = host.driver.server
    if (!server) return
    const ws = reverseWsHandler(this)
    for (const path of V11_WS_PATHS) this.#disposers.push(server.ws(path, ws))
    const post = httpPostRoute(this)
    for (const path of V11_HTTP_PATHS)
      this.#disposers.push(server.route('POST', path, post.handle, post.options))
  }

  start(): void {
    const { quickOperationMs, apiRoots } = this.options
    if (quickOperationMs > 0 && this.host.driver.server && Object.keys(apiRoots).length === 0) {
      this.logger.warn(
        'OneBot V11: quick operations are the only reply path over HTTP POST (no ONEBOT_API_ROOTS); ' +
          'Lagrange.OneBot ignores the POST answer, so a Lagrange bot cannot reply: give its HTTP API in ONEBOT_API_ROOTS',
      )
    }
    const client = this.host.driver.ws
    if (!client) return
    for (const url of this.options.wsUrls) this.#dials.push(startForwardWs(this, client, url))
  }

  /** Shutdown's first phase: routes gone (new connections refused), no more dialling; open links stay. */
  stopAccepting(): void {
    for (const dispose of this.#disposers.splice(0)) dispose()
    for (const dial of this.#dials) dial.stopDialling()
  }

  stop(): void {
    for (const dispose of this.#disposers.splice(0)) dispose()
    for (const dial of this.#dials.splice(0)) dial()
    for (const watchdog of this.#postWatchdogs.values()) watchdog.stop()
    this.#postWatchdogs.clear()
    for (const bot of this.#bots.values()) {
      for (const link of bot.links) link.close(1001, 'shutting down')
    }
  }

  endpoints(): readonly Endpoint[] {
    return this.reach.list()
  }

  modes(): readonly ConnectionMode[] {
    const driver = this.#host?.driver
    const urls = this.#options?.wsUrls ?? []
    const roots = Object.keys(this.#options?.apiRoots ?? {})
    const noServer = driver?.server ? undefined : 'DRIVER has no server (add ~fastapi)'
    return [
      {
        name: 'OneBot V11 reverse WebSocket',
        active: !noServer,
        detail: V11_WS_PATHS.join(', '),
        warning: noServer,
      },
      {
        name: 'OneBot V11 HTTP POST',
        active: !noServer,
        detail: `${V11_HTTP_PATHS.join(', ')}; ${
          roots.length
            ? `API calls go over HTTP for bot ${roots.join(', ')} (ONEBOT_API_ROOTS)`
            : 'no ONEBOT_API_ROOTS, so API calls to a bot that only posts here fail'
        }`,
        warning: noServer,
      },
      ...(roots.length > 0 && !driver?.http
        ? [
            {
              name: 'OneBot V11 HTTP API',
              active: false,
              detail: roots.join(', '),
              warning: 'DRIVER has no HTTP client (add ~httpx)',
            },
          ]
        : []),
      {
        name: 'OneBot V11 forward WebSocket',
        active: urls.length > 0 && !!driver?.ws,
        detail: urls.length ? urls.join(', ') : 'no ONEBOT_WS_URLS',
        warning:
          urls.length > 0 && !driver?.ws ? 'DRIVER has no websocket client (add ~websockets)' : undefined,
      },
    ]
  }

  attachLink(link: WsLink, selfId: string, options: { replace: boolean }): void {
    link.selfId = selfId
    const bot = this.#botFor(selfId)
    if (options.replace) {
      for (const old of bot.links) {
        if (old.role !== link.role || !old.origin.startsWith('reverse')) continue
        this.logger.warn(
          `OneBot V11: bot ${selfId} connected again; closing its previous ${old.describe(false)}`,
        )
        bot.links.delete(old)
        old.close(
          1000,
          'replaced by a newer connection',
          new NetworkError(`${old.describe()} was replaced by a newer connection`),
        )
      }
    }
    bot.links.add(link)
    this.logger.info(`OneBot V11: ${link.describe(false)} open for bot ${selfId}`)
  }

  async deliverPosted(
    selfId: string,
    payload: Record<string, unknown>,
    quick: QuickReplySlot | undefined,
  ): Promise<void> {
    if (!this.#bots.has(selfId)) this.#firstPost(selfId, payload)
    const bot = this.#botFor(selfId)
    bot.postActive = true
    if (payload.post_type === 'meta_event' && payload.meta_event_type === 'heartbeat') {
      this.#postWatchdog(selfId).beat(payload.interval)
    }
    await this.#deliver(bot, payload, quick)
  }

  /** HTTP POST has no handshake: a bot is connected from its first event. Say so, once per bot. */
  #firstPost(selfId: string, payload: Record<string, unknown>): void {
    const lifecycle = payload.meta_event_type === 'lifecycle'
    const what = lifecycle ? `lifecycle ${String(payload.sub_type)}` : String(payload.post_type)
    this.logger.info(
      `OneBot V11: bot ${selfId} connected over HTTP POST with its first event (${what}); ` +
        'only Lagrange.OneBot posts a lifecycle event, NapCat, LLOneBot and go-cqhttp bots appear with their first event',
    )
    // A lifecycle `connect` over HTTP POST is Lagrange's start-up: it discards the POST answer.
    if (lifecycle && payload.sub_type === 'connect' && this.options.quickOperationMs > 0) {
      if (!this.options.apiRoots[selfId])
        this.logger.warn(
          `OneBot V11: bot ${selfId} posts like Lagrange.OneBot, which ignores quick operations; ` +
            'without its HTTP API in ONEBOT_API_ROOTS it cannot reply',
        )
    }
  }

  #botFor(selfId: string): V11Bot {
    let bot = this.#bots.get(selfId)
    if (bot) return bot
    const host = this.host
    const options = this.options
    bot = new V11Bot(selfId, host.apiHooks, {
      apiTimeoutMs: host.apiTimeoutMs,
      accessToken: options.accessToken,
      http: host.driver.http,
      apiRoot: options.apiRoots[selfId],
      logger: host.logger,
      media: host.config.section(mediaConfigShape).onebot_media,
      reached: (root) => this.reach.reached(root),
    })
    this.#bots.set(selfId, bot)
    host.botConnected(bot)
    return bot
  }

  #postWatchdog(selfId: string): HeartbeatWatchdog {
    let watchdog = this.#postWatchdogs.get(selfId)
    if (watchdog) return watchdog
    watchdog = new HeartbeatWatchdog(
      this.options.heartbeatFactor,
      this.options.heartbeatGraceMs,
      (silentMs) => {
        this.#postWatchdogs.delete(selfId)
        const bot = this.#bots.get(selfId)
        if (!bot) return
        this.logger.warn(
          `OneBot V11: no heartbeat from bot ${selfId} over HTTP POST for ${silentMs} ms; it is gone`,
        )
        bot.postActive = false
        this.#retireIfIdle(bot)
      },
    )
    this.#postWatchdogs.set(selfId, watchdog)
    return watchdog
  }

  #detach(link: WsLink, code: number, reason: string): void {
    if (link.selfId === undefined) return
    const bot = this.#bots.get(link.selfId)
    if (!bot?.links.delete(link)) return
    this.logger.info(`OneBot V11: ${link.describe()} closed (${code}${reason ? ` ${reason}` : ''})`)
    this.#retireIfIdle(bot)
  }

  #retireIfIdle(bot: V11Bot): void {
    if (bot.links.size > 0 || bot.postActive) return
    if (this.#bots.get(bot.selfId) !== bot) return
    this.#bots.delete(bot.selfId)
    this.host.botDisconnected(bot)
  }

  /**
   * Everything arriving twice usually means two event channels are configured for one bot (HTTP
   * POST and a WebSocket, or two WebSockets): duplicates are dropped, but the user should know.
   */
  #warnIfTwoChannels(bot: V11Bot): void {
    if (this.#warnedChannels.has(bot.selfId)) return
    const channels = [...bot.links].filter((link) => link.role !== 'api').length + (bot.postActive ? 1 : 0)
    if (channels < 2) return
    this.#warnedChannels.add(bot.selfId)
    this.logger.warn(
      `OneBot V11: bot ${bot.selfId} delivers its events over ${channels} channels (HTTP POST and/or WebSockets); ` +
        'duplicates are dropped, but configure one event channel per bot in the implementation',
    )
  }

  async #deliver(
    bot: V11Bot,
    payload: Record<string, unknown>,
    quick: QuickReplySlot | undefined,
  ): Promise<void> {
    // V11 `time` is seconds; NapCat falls back to Date.now() (milliseconds) when QQ gives none.
    if (typeof payload.time === 'number' && payload.time > 1e11)
      payload.time = Math.floor(payload.time / 1000)
    const key = dedupeKey(bot.selfId, payload)
    if (key !== undefined && this.#recent?.seen(key)) {
      this.#warnIfTwoChannels(bot)
      if (this.logger.isLevelEnabled('debug'))
        this.logger.debug(`OneBot V11: dropped a duplicate delivery (${key})`)
      return
    }
    eventIdsToStrings(payload)
    learnFromV11Event(bot.contacts, payload)
    const event = new V11IncomingEvent(bot, payload as V11Event, this.host.nicknames)
    if (quick) event.quickReply = quick
    const quoted = event.replySegment()
    // An event waiting for its quote holds back the later events of its session, so they are
    // dispatched in arrival order; other sessions are not held up. Nothing is queued otherwise.
    if (!quoted && this.#order.idle) return this.host.dispatch(event)
    const session = `${bot.selfId}\0${event.sessionId ?? ''}`
    return this.#order.run(session, async () => {
      if (quoted) await this.#fetchQuote(bot, event, quoted)
      this.host.dispatch(event)
    })
  }

  async #fetchQuote(
    bot: V11Bot,
    event: V11IncomingEvent,
    quoted: NonNullable<ReturnType<V11IncomingEvent['replySegment']>>,
  ): Promise<void> {
    let message: Awaited<ReturnType<V11Bot['api']['get_msg']>> | undefined
    try {
      message = await bot.call(
        'get_msg',
        { message_id: toMessageId(quoted.id) },
        { timeoutMs: Math.min(this.host.apiTimeoutMs, REPLY_LOOKUP_TIMEOUT_MS) },
      )
    } catch (error) {
      this.logger.warn(
        `OneBot V11: cannot fetch the message quoted by bot ${bot.selfId}'s event (${describe(error)})`,
      )
    }
    event.reply = { id: quoted.id, segment: quoted.segment, message }
  }
}

/** Quote ids are kept as received; numeric ones go back as numbers (what implementations expect). */
function toMessageId(id: string): number | string {
  const n = Number(id)
  return id !== '' && Number.isSafeInteger(n) ? n : id
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
