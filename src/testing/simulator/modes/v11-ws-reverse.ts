import type { SimBot } from '../types.js'
import { authorizationHeader } from './auth-headers.js'
import { Dialer } from './dialer.js'
import type { Delivery, DisconnectOptions, ModeContext, ModeRunner, SimulatorEndpoints } from './mode.js'

/**
 * V11 reverse WebSocket: each bot dials the framework with `X-Self-ID`, `X-Client-Role` and the
 * profile's `Authorization` scheme; one Universal socket, or split API + Event sockets.
 */
export class V11WsReverse implements ModeRunner {
  readonly #dialers = new Map<string, Dialer[]>()

  constructor(ctx: ModeContext, url: string) {
    const { profile } = ctx
    if (ctx.split && profile.universalOnly) {
      throw new Error(
        `${profile.name} only dials Universal sockets; split API/Event needs the gocq or lagrange profile`,
      )
    }
    for (const bot of ctx.bots) {
      const base = {
        'x-self-id': bot.id,
        'user-agent': profile.userAgent,
        ...authorizationHeader(profile, ctx.accessToken),
      }
      const roles = ctx.split ? (['api', 'event'] as const) : (['universal'] as const)
      this.#dialers.set(
        bot.id,
        roles.map(
          (role) =>
            new Dialer(ctx, { url, role, bot, headers: { ...base, 'x-client-role': profile.roles[role] } }),
        ),
      )
    }
  }

  async start(): Promise<void> {
    for (const dialer of this.#allDialers()) dialer.start()
  }

  async close(): Promise<void> {
    for (const dialer of this.#allDialers()) dialer.stop()
  }

  async push(event: Record<string, unknown>, bot: SimBot): Promise<Delivery> {
    return this.pushRaw(JSON.stringify(event), bot)
  }

  async pushRaw(data: string | Uint8Array, bot: SimBot): Promise<Delivery> {
    const peers = (this.#dialers.get(bot.id) ?? []).flatMap((d) => d.peers).filter((p) => p.carriesEvents)
    if (peers.length === 0)
      throw new Error(`bot ${bot.id} has no open event connection (reverse WS not connected yet?)`)
    // A reconnected implementation pushes on its newest socket only.
    peers.at(-1)?.send(data)
    return {}
  }

  endpoints(): SimulatorEndpoints {
    return { apiRoots: {}, wsUrls: [] }
  }

  openConnections(): number {
    return this.#allDialers().reduce((n, d) => n + d.peers.length, 0)
  }

  isConnected(): boolean {
    return this.#allDialers().every((d) => d.connected)
  }

  async disconnect(options: DisconnectOptions): Promise<void> {
    for (const dialer of this.#allDialers())
      dialer.drop(options.abrupt ?? false, options.reconnect ?? true, options.code, options.reason)
  }

  attempts(): number {
    return this.#allDialers().reduce((n, d) => n + d.attempts, 0)
  }

  async reconnect(options: { keepOld?: boolean }): Promise<void> {
    for (const dialer of this.#allDialers()) dialer.redialNow(options.keepOld ?? false)
  }

  #allDialers(): Dialer[] {
    return [...this.#dialers.values()].flat()
  }
}
