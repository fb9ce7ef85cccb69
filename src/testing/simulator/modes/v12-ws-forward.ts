import type { IncomingMessage } from 'node:http'
import { requestToken, tokenProblem } from '../http-util.js'
import type { SimBot } from '../types.js'
import type { Delivery, DisconnectOptions, ModeContext, ModeRunner, SimulatorEndpoints } from './mode.js'
import { ForwardWsServer, type UpgradeVerdict } from './ws-server.js'

/**
 * V12 forward WebSocket: one server on `/` for all bots; `meta.connect` first, then
 * `meta.status_update` listing the bots, then heartbeats. Bad token: refused before the upgrade
 * (401 by the spec, 403 from walle-core).
 */
export class V12WsForward implements ModeRunner {
  readonly #ctx: ModeContext
  readonly #server: ForwardWsServer

  constructor(ctx: ModeContext) {
    this.#ctx = ctx
    this.#server = new ForwardWsServer(ctx, undefined, (req, url) => this.#verdict(req, url))
  }

  #verdict(req: IncomingMessage, url: URL): UpgradeVerdict {
    const { profile, accessToken } = this.#ctx
    if ((url.pathname.replace(/\/+$/, '') || '/') !== '/')
      return { kind: 'refuse', status: 404, text: 'Not Found' }
    const problem = tokenProblem(
      accessToken,
      requestToken(req.headers, url.searchParams, ['bearer']),
      profile.authFailureStatus,
    )
    if (problem !== undefined)
      return { kind: 'refuse', status: problem, text: problem === 401 ? 'Unauthorized' : 'Forbidden' }
    return { kind: 'accept', role: 'universal' }
  }

  async start(): Promise<void> {
    await this.#server.start()
  }

  async close(): Promise<void> {
    await this.#server.close()
  }

  async push(event: Record<string, unknown>, bot: SimBot): Promise<Delivery> {
    return this.pushRaw(JSON.stringify(event), bot)
  }

  async pushRaw(data: string | Uint8Array, _bot: SimBot): Promise<Delivery> {
    const peers = this.#server.peers
    if (peers.length === 0) throw new Error('no framework connected to the V12 forward WS server')
    for (const peer of peers) peer.send(data)
    return {}
  }

  endpoints(): SimulatorEndpoints {
    return { apiRoots: {}, wsUrls: [this.#server.url] }
  }

  openConnections(): number {
    return this.#server.peers.length
  }

  isConnected(): boolean {
    return this.#server.peers.length > 0
  }

  async disconnect(options: DisconnectOptions): Promise<void> {
    this.#server.drop(options.abrupt ?? false, options.code, options.reason)
  }

  attempts(): number {
    return this.#server.attempts
  }

  async reconnect(): Promise<void> {
    this.#server.drop(false)
  }
}
