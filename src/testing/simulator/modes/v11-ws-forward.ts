import type { IncomingMessage } from 'node:http'
import { requestToken, tokenProblem } from '../http-util.js'
import type { SimBot } from '../types.js'
import type { Delivery, DisconnectOptions, ModeContext, ModeRunner, SimulatorEndpoints } from './mode.js'
import { ForwardWsServer, type UpgradeVerdict } from './ws-server.js'

/**
 * V11 forward WebSocket: one server per bot (an implementation instance serves one account) on
 * `/` (events + API), `/api` and `/event`, other paths as the profile's `forwardPath` says. A bad
 * token is refused before the upgrade (gocq, Lagrange) or answered with a `retcode: 1403` frame
 * and a close (napcat, LLOneBot).
 */
export class V11WsForward implements ModeRunner {
  readonly #ctx: ModeContext
  readonly #servers = new Map<string, ForwardWsServer>()

  constructor(ctx: ModeContext) {
    this.#ctx = ctx
    for (const bot of ctx.bots)
      this.#servers.set(bot.id, new ForwardWsServer(ctx, bot, (req, url) => this.#verdict(req, url)))
  }

  #verdict(req: IncomingMessage, url: URL): UpgradeVerdict {
    const { profile, accessToken } = this.#ctx
    const role = profile.forwardPath(url.pathname)
    if (role === undefined) return { kind: 'refuse', status: 404, text: 'Not Found' }
    const schemes = profile.name === 'lagrange' ? ['bearer'] : ['bearer', 'token']
    const problem = tokenProblem(
      accessToken,
      requestToken(req.headers, url.searchParams, schemes),
      profile.authFailureStatus,
    )
    if (problem === undefined) return { kind: 'accept', role }
    if (profile.forwardWsAuthFailure === 'frame') return { kind: 'fail-after-upgrade' }
    return { kind: 'refuse', status: problem, text: problem === 401 ? 'Unauthorized' : 'Forbidden' }
  }

  async start(): Promise<void> {
    await Promise.all([...this.#servers.values()].map((server) => server.start()))
  }

  async close(): Promise<void> {
    await Promise.all([...this.#servers.values()].map((server) => server.close()))
  }

  async push(event: Record<string, unknown>, bot: SimBot): Promise<Delivery> {
    return this.pushRaw(JSON.stringify(event), bot)
  }

  async pushRaw(data: string | Uint8Array, bot: SimBot): Promise<Delivery> {
    const peers = (this.#servers.get(bot.id)?.peers ?? []).filter((peer) => peer.carriesEvents)
    if (peers.length === 0) throw new Error(`no framework connected to bot ${bot.id}'s forward WS server`)
    for (const peer of peers) peer.send(data)
    return {}
  }

  endpoints(): SimulatorEndpoints {
    return { apiRoots: {}, wsUrls: [...this.#servers.values()].map((server) => server.url) }
  }

  openConnections(): number {
    return [...this.#servers.values()].reduce((n, server) => n + server.peers.length, 0)
  }

  isConnected(): boolean {
    return [...this.#servers.values()].every((server) => server.peers.length > 0)
  }

  async disconnect(options: DisconnectOptions): Promise<void> {
    for (const server of this.#servers.values())
      server.drop(options.abrupt ?? false, options.code, options.reason)
  }

  attempts(): number {
    return [...this.#servers.values()].reduce((n, server) => n + server.attempts, 0)
  }

  /** In forward mode the framework dials; dropping its sockets makes it reconnect. */
  async reconnect(): Promise<void> {
    for (const server of this.#servers.values()) server.drop(false)
  }
}
