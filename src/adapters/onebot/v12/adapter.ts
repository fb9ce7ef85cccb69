import type { Adapter, AdapterHost, ConnectionMode } from '../../../adapter/adapter.js'
import { type Endpoint, EndpointTracker } from '../../../adapter/endpoints.js'
import type { BackoffOptions, DialLoop } from '../../../driver/reconnect.js'
import type { Disposer, Socket } from '../../../driver/types.js'
import { ApiNotAvailable } from '../../../errors.js'
import { LogRateLimiter } from '../../../log/rate-limit.js'
import { RecentKeys } from '../shared/recent-keys.js'
import type { V12ActionLink, V12Bot } from './bot.js'
import { V12BotRegistry } from './bots.js'
import { readV12Config, type V12Config } from './config.js'
import { V12HttpLink } from './connections/http-api.js'
import { type WebhookReply, webhookReplyScope, webhookRoute } from './connections/webhook.js'
import { V12WsConnection } from './connections/ws-connection.js'
import { dialV12Forward } from './connections/ws-forward.js'
import { reverseWsRoute } from './connections/ws-reverse.js'
import { discoverBots } from './discovery.js'
import type { V12Self } from './events.js'
import { handleV12Event } from './handle-event.js'

export interface OneBotV12Options {
  /**
   * How long a new WebSocket may stay without `meta.connect` / `status_update` before the adapter
   * asks `get_version`, `get_status` and `get_self_info` itself, in ms. @default 3000
   */
  readonly discoveryTimeoutMs?: number
  /** Forward WebSocket reconnect backoff. @default 1 s doubling to 30 s, 20% jitter */
  readonly reconnect?: BackoffOptions
}

export const V12_WS_PATHS = ['/onebot/v12/', '/onebot/v12/ws', '/onebot/v12/ws/', '/onebot/v12'] as const
export const V12_HTTP_PATHS = [
  '/onebot/v12/',
  '/onebot/v12/http',
  '/onebot/v12/http/',
  '/onebot/v12',
] as const

/** The OneBot V12 adapter: reverse WebSocket, HTTP webhook and forward WebSocket, side by side. */
export class OneBotV12Adapter implements Adapter {
  readonly name = 'onebot.v12'
  #host: AdapterHost | undefined
  #config: V12Config | undefined
  #bots: V12BotRegistry | undefined
  readonly #connections = new Set<V12WsConnection>()
  readonly #disposers: Disposer[] = []
  readonly #dials: DialLoop[] = []
  /** Rate limits refusal warnings per peer. */
  readonly #refusals = new LogRateLimiter()
  readonly #httpLinks = new Map<string, V12HttpLink>()
  readonly reach = new EndpointTracker()
  /** Ids of recent non-meta events, by bot: V12 ids are unique, so no TTL, only the last 4096. */
  readonly #recent = new RecentKeys(Number.POSITIVE_INFINITY, 4096)

  constructor(private readonly options: OneBotV12Options = {}) {}

  /** Bots of this adapter, connected now. */
  get bots(): readonly V12Bot[] {
    return this.#bots?.all() ?? []
  }

  setup(host: AdapterHost): void {
    this.#host = host
    const config = readV12Config(host.config)
    this.#config = config
    for (const url of config.wsUrls) this.reach.expect('forward-ws', url)
    for (const root of Object.values(config.apiRoots)) this.reach.expect('http-api', root)
    this.#bots = new V12BotRegistry(host, (bot, action) => this.#linkFor(bot, action))
    hintSharedKeys(host, config)
    const server = host.driver.server
    if (!server) return
    const token = config.accessToken
    const wsRoute = reverseWsRoute({
      token,
      logger: host.logger,
      refusals: this.#refusals,
      open: (socket, description, impl, legacySelf) =>
        this.#open(socket, description, impl, undefined, legacySelf),
    })
    const httpRoute = webhookRoute({
      token,
      logger: host.logger,
      refusals: this.#refusals,
      maxJsonDepth: config.maxJsonDepth,
      replyMs: config.webhookReplyMs,
      handle: (event, impl, reply) => this.#handle(event, undefined, impl, reply),
    })
    for (const path of V12_WS_PATHS) this.#disposers.push(server.ws(path, wsRoute))
    for (const path of V12_HTTP_PATHS)
      this.#disposers.push(server.route('POST', path, httpRoute.handle, httpRoute.options))
  }

  start(): void {
    const host = this.#requireHost()
    const client = host.driver.ws
    if (!client) return
    for (const url of this.#config!.wsUrls) {
      this.#dials.push(
        dialV12Forward({
          client,
          url,
          token: this.#config!.accessToken,
          backoff: this.options.reconnect,
          logger: host.logger,
          open: (socket, description, healthy) => {
            this.reach.reached(url)
            this.#open(socket, description, undefined, healthy)
          },
        }),
      )
    }
  }

  /** Shutdown's first phase: routes gone (new connections refused), no more dialling; open connections stay. */
  stopAccepting(): void {
    for (const dispose of this.#disposers.splice(0)) dispose()
    for (const dial of this.#dials) dial.stopDialling()
  }

  endpoints(): readonly Endpoint[] {
    return this.reach.list()
  }

  stop(): void {
    for (const dispose of this.#disposers.splice(0)) dispose()
    for (const dial of this.#dials.splice(0)) dial()
    for (const connection of this.#connections) connection.close(1001, 'shutting down')
    this.#connections.clear()
    this.#bots?.clear()
  }

  modes(): readonly ConnectionMode[] {
    const host = this.#host
    const config = this.#config
    const driver = host?.driver
    const urls = config?.wsUrls ?? []
    const roots = Object.keys(config?.apiRoots ?? {})
    const noServer = driver?.server ? undefined : 'DRIVER has no server (add ~fastapi)'
    return [
      {
        name: 'OneBot V12 reverse WebSocket',
        active: !noServer,
        detail: V12_WS_PATHS.join(', '),
        warning: noServer,
      },
      {
        name: 'OneBot V12 HTTP webhook',
        active: !noServer,
        detail: `${V12_HTTP_PATHS.join(', ')}${roots.length ? `; actions to ONEBOT_V12_API_ROOTS for ${roots.join(', ')}` : ''}`,
        warning:
          noServer ??
          (roots.length > 0 && !driver?.http
            ? 'DRIVER has no HTTP client (add ~httpx) for ONEBOT_V12_API_ROOTS'
            : undefined),
      },
      {
        name: 'OneBot V12 forward WebSocket',
        active: urls.length > 0 && !!driver?.ws,
        detail: urls.length ? urls.join(', ') : 'no ONEBOT_V12_WS_URLS',
        warning:
          urls.length > 0 && !driver?.ws
            ? 'DRIVER has no WebSocket client (add ~websockets) for ONEBOT_V12_WS_URLS'
            : undefined,
      },
    ]
  }

  #open(
    socket: Socket,
    description: string,
    impl: string | undefined,
    healthy?: () => void,
    legacySelf?: V12Self,
  ): void {
    const host = this.#requireHost()
    const bots = this.#bots!
    let timer: NodeJS.Timeout | undefined
    host.logger.info(`${description} connected`)
    const connection = new V12WsConnection(
      socket,
      description,
      {
        logger: host.logger,
        useMsgpack: (name) => this.#config!.useMsgpack(name),
        maxJsonDepth: this.#config!.maxJsonDepth,
        // Forward connections (the ones with `healthy`) may be silent until something happens.
        silentTimeoutMs: healthy ? 0 : this.#config!.silentTimeoutMs,
        onEvent: (event, conn) => {
          healthy?.()
          this.#handle(event, conn)
        },
        onClose: (conn, code, reason) => {
          if (timer) clearTimeout(timer)
          this.#connections.delete(conn)
          const gone = bots.dropConnection(conn)
          host.logger.warn(
            `${conn.description} closed (${code}${reason ? ` ${reason}` : ''})${gone.length ? `; bots offline: ${gone.join(', ')}` : ''}`,
          )
        },
      },
      impl,
      legacySelf,
    )
    if (!connection.isOpen) return
    this.#connections.add(connection)
    timer = setTimeout(() => {
      if (connection.isOpen) void discoverBots(connection, bots, host.logger)
    }, this.options.discoveryTimeoutMs ?? 3000)
    timer.unref()
  }

  #handle(
    raw: Record<string, unknown>,
    connection: V12WsConnection | undefined,
    impl?: string,
    reply?: WebhookReply,
  ): void {
    const host = this.#requireHost()
    handleV12Event({ host, bots: this.#bots!, raw, connection, impl, reply, recent: this.#recent })
  }

  /** WebSocket first, then an API root over HTTP; a held webhook request takes non-getters. */
  #linkFor(bot: V12Bot, action: string): V12ActionLink {
    const reply = webhookReplyScope.getStore()
    if (reply?.accepts(bot, action)) return reply
    const connection = this.#bots!.connectionOf(bot)
    if (connection?.isOpen) return connection
    const config = this.#config!
    const root = bot.userId ? config.apiRoots[bot.userId] : undefined
    const http = this.#host?.driver.http
    if (root && http) {
      const key = `${root}\n${bot.impl ?? ''}`
      let link = this.#httpLinks.get(key)
      if (!link) {
        link = new V12HttpLink(http, root, config.accessToken, config.useMsgpack(bot.impl), (url) =>
          this.reach.reached(url),
        )
        this.#httpLinks.set(key, link)
      }
      return link
    }
    if (connection)
      throw new ApiNotAvailable(
        `${connection.description} is closed; bot ${bot.selfId} cannot call ${action}`,
      )
    if (!bot.userId) throw new ApiNotAvailable(`no connection to call ${action} on (no bot is known yet)`)
    if (root)
      throw new ApiNotAvailable(
        `DRIVER has no HTTP client (add ~httpx) to call ${action} for bot ${bot.userId}`,
      )
    throw new ApiNotAvailable(
      `bot ${bot.userId} has no WebSocket and no ONEBOT_V12_API_ROOTS entry: add {"${bot.userId}": "http://<impl>/"} to call ${action}`,
    )
  }

  #requireHost(): AdapterHost {
    if (!this.#host) throw new Error('the OneBot V12 adapter was not set up (pass it to createApp)')
    return this.#host
  }
}

/** NoneBot feeds the shared URL keys to V12 too; we do not, so say so to users who rely on it. */
function hintSharedKeys(host: AdapterHost, config: V12Config): void {
  const shared: [string, boolean][] = [
    ['ONEBOT_WS_URLS', config.wsUrls.length === 0],
    ['ONEBOT_API_ROOTS', Object.keys(config.apiRoots).length === 0],
  ]
  for (const [key, v12Empty] of shared) {
    if (v12Empty && host.config.has(key)) {
      host.logger.info(
        `${key} is read by OneBot V11 only; set ONEBOT_V12_${key.slice('ONEBOT_'.length)} for V12`,
      )
    }
  }
}

/** Creates the OneBot V12 adapter for `createApp({ adapters: [onebotV12()] })`. */
export function onebotV12(options?: OneBotV12Options): OneBotV12Adapter {
  return new OneBotV12Adapter(options)
}
