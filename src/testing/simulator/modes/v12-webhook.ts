import { decode, encode } from '@msgpack/msgpack'
import type { WireActionRequest } from '../events/wire.js'
import type { SimBot } from '../types.js'
import { postBytes } from './http-post.js'
import type { Delivery, ModeContext, ModeRunner, SimulatorEndpoints } from './mode.js'
import { V12HttpApi } from './v12-http-api.js'

/**
 * V12 HTTP webhook: events are POSTed with `X-OneBot-Version: 12`, `X-Impl` and a Bearer token
 * (JSON, or MessagePack when `msgpack` is set). A 200 answer carries a list of actions, which are
 * run in order (recorded with channel `webhook-response`). The HTTP API server answers calls.
 */
export class V12Webhook implements ModeRunner {
  readonly #ctx: ModeContext
  #postUrl: string | undefined
  readonly #api: V12HttpApi

  constructor(ctx: ModeContext, postUrl: string | undefined) {
    this.#ctx = ctx
    this.#postUrl = postUrl
    this.#api = new V12HttpApi(ctx)
  }

  async start(): Promise<void> {
    await this.#api.start()
  }

  /** Post events to `url` from now on (a framework started after the API server, on port 0). */
  async setPostUrl(url: string): Promise<void> {
    this.#postUrl = url
  }

  async close(): Promise<void> {
    await this.#api.close()
  }

  async push(event: Record<string, unknown>, bot: SimBot): Promise<Delivery> {
    const body = this.#ctx.msgpack ? encode(event) : JSON.stringify(event)
    return this.#post(body, bot)
  }

  async pushRaw(data: string | Uint8Array, bot: SimBot): Promise<Delivery> {
    return this.#post(data, bot)
  }

  async #post(body: string | Uint8Array, _bot: SimBot): Promise<Delivery> {
    if (!this.#postUrl) throw new Error('no webhook URL configured: pass `url` to push V12 webhook events')
    const { profile, accessToken } = this.#ctx
    const headers: Record<string, string> = {
      'content-type': this.#ctx.msgpack ? 'application/msgpack' : 'application/json',
      'user-agent': profile.userAgent,
      'x-onebot-version': '12',
      'x-impl': profile.appName,
    }
    if (accessToken) headers.authorization = `Bearer ${accessToken}`
    const result = await postBytes(this.#postUrl, body, headers)
    if (result.status === 200 && result.bytes.length > 0)
      await this.#runActions(result.bytes, result.contentType)
    return { httpStatus: result.status, body: result.body }
  }

  /** The framework answered with actions: run them in order, discarding the results. */
  async #runActions(bytes: Uint8Array, contentType: string): Promise<void> {
    let list: unknown
    try {
      list = contentType.includes('msgpack') ? decode(bytes) : JSON.parse(new TextDecoder().decode(bytes))
    } catch (error) {
      this.#ctx.onError(new Error('webhook response is neither JSON nor MessagePack', { cause: error }))
      return
    }
    if (!Array.isArray(list)) return
    for (const item of list) {
      if (
        typeof item === 'object' &&
        item !== null &&
        typeof (item as { action?: unknown }).action === 'string'
      ) {
        await this.#ctx.desk.handle(
          item as WireActionRequest,
          undefined,
          'webhook-response',
          'http',
          contentType.includes('msgpack') ? 'msgpack' : 'json',
        )
      }
    }
  }

  endpoints(): SimulatorEndpoints {
    const apiRoots: Record<string, string> = {}
    for (const bot of this.#ctx.bots) apiRoots[bot.id] = this.#api.url
    return { apiRoots, wsUrls: [] }
  }

  openConnections(): number {
    return 0
  }

  isConnected(): boolean {
    return true
  }

  async disconnect(): Promise<void> {}

  attempts(): number {
    return 0
  }

  async reconnect(): Promise<void> {}
}
