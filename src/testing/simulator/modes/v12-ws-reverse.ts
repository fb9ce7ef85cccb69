import type { SimBot } from '../types.js'
import { authorizationHeader } from './auth-headers.js'
import { Dialer } from './dialer.js'
import type { Delivery, DisconnectOptions, ModeContext, ModeRunner, SimulatorEndpoints } from './mode.js'

/**
 * V12 reverse WebSocket: one socket for all bots, offering `Sec-WebSocket-Protocol: 12.<impl>`
 * (the framework must echo it, or `ws` aborts as walle-core's tungstenite does) with a Bearer token.
 */
export class V12WsReverse implements ModeRunner {
  readonly #dialer: Dialer

  constructor(ctx: ModeContext, url: string) {
    const { profile } = ctx
    this.#dialer = new Dialer(ctx, {
      url,
      role: 'universal',
      bot: undefined,
      protocols: [`12.${profile.appName}`],
      headers: { 'user-agent': profile.userAgent, ...authorizationHeader(profile, ctx.accessToken) },
    })
  }

  async start(): Promise<void> {
    this.#dialer.start()
  }

  async close(): Promise<void> {
    this.#dialer.stop()
  }

  async push(event: Record<string, unknown>, bot: SimBot): Promise<Delivery> {
    return this.pushRaw(JSON.stringify(event), bot)
  }

  async pushRaw(data: string | Uint8Array, _bot: SimBot): Promise<Delivery> {
    const peer = this.#dialer.peers.at(-1)
    if (!peer) throw new Error('no open V12 reverse WS connection (not connected yet?)')
    peer.send(data)
    return {}
  }

  endpoints(): SimulatorEndpoints {
    return { apiRoots: {}, wsUrls: [] }
  }

  openConnections(): number {
    return this.#dialer.peers.length
  }

  isConnected(): boolean {
    return this.#dialer.connected
  }

  async disconnect(options: DisconnectOptions): Promise<void> {
    this.#dialer.drop(options.abrupt ?? false, options.reconnect ?? true, options.code, options.reason)
  }

  attempts(): number {
    return this.#dialer.attempts
  }

  async reconnect(options: { keepOld?: boolean }): Promise<void> {
    this.#dialer.redialNow(options.keepOld ?? false)
  }
}
