import { v11Meta } from '../events/index.js'
import type { SimBot } from '../types.js'
import { postBytes, signature } from './http-post.js'
import type { Delivery, ModeContext, ModeRunner, SimulatorEndpoints } from './mode.js'
import { V11HttpApi } from './v11-http-api.js'

/**
 * V11 HTTP POST: events are POSTed to the framework with `X-Self-ID` and, when a signing key is
 * set, `X-Signature`; a non-empty JSON answer is a quick operation (recorded as
 * `.handle_quick_operation`), except for Lagrange, which discards the answer. Only Lagrange posts a
 * lifecycle `connect` when it starts. Each bot also runs its HTTP API server for the framework's calls.
 */
export class V11HttpPost implements ModeRunner {
  readonly #ctx: ModeContext
  #postUrl: string | undefined
  readonly #apis = new Map<string, V11HttpApi>()
  #heartbeat: NodeJS.Timeout | undefined

  constructor(ctx: ModeContext, postUrl: string | undefined) {
    this.#ctx = ctx
    this.#postUrl = postUrl
    for (const bot of ctx.bots) this.#apis.set(bot.id, new V11HttpApi(ctx, bot))
  }

  async start(): Promise<void> {
    await Promise.all([...this.#apis.values()].map((api) => api.start()))
    if (this.#postUrl) await this.#beginPosting()
  }

  /** Post events to `url` from now on (a framework started after the API servers, on port 0). */
  async setPostUrl(url: string): Promise<void> {
    const first = this.#postUrl === undefined
    this.#postUrl = url
    if (first) await this.#beginPosting()
  }

  async #beginPosting(): Promise<void> {
    await this.#announce()
    const interval = this.#ctx.heartbeatIntervalMs
    if (this.#ctx.httpHeartbeat && interval !== false) {
      this.#heartbeat = setInterval(() => {
        for (const bot of this.#ctx.bots) {
          this.push(v11Meta.heartbeat(interval, { selfId: Number(bot.id) }), bot).catch((e: unknown) =>
            this.#report(e),
          )
        }
      }, interval)
      this.#heartbeat.unref()
    }
  }

  /** Lifecycle `connect`, as Lagrange posts when it starts; a framework not up yet is only logged. */
  async #announce(): Promise<void> {
    if (!this.#ctx.profile.postsLifecycle) return
    await Promise.all(
      this.#ctx.bots.map((bot) =>
        this.push(v11Meta.lifecycle('connect', { selfId: Number(bot.id) }), bot).catch((e: unknown) =>
          this.#report(e),
        ),
      ),
    )
  }

  async close(): Promise<void> {
    clearInterval(this.#heartbeat)
    await Promise.all([...this.#apis.values()].map((api) => api.close()))
  }

  async push(event: Record<string, unknown>, bot: SimBot): Promise<Delivery> {
    const delivery = await this.pushRaw(JSON.stringify(event), bot)
    const operation = this.#ctx.profile.readsQuickOperation ? parseQuickOperation(delivery) : undefined
    if (operation) {
      this.#ctx.desk.recorder.add(
        {
          action: '.handle_quick_operation',
          params: { context: event, operation },
          botId: bot.id,
          self: undefined,
          channel: 'quick-operation',
          echo: undefined,
          encoding: 'json',
        },
        { status: 'ok', data: null },
      )
    }
    return delivery
  }

  async pushRaw(data: string | Uint8Array, bot: SimBot): Promise<Delivery> {
    if (!this.#postUrl) throw new Error('no post URL configured: pass `url` to push V11 HTTP POST events')
    const { profile, accessToken, secret } = this.#ctx
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-self-id': bot.id }
    if (profile.postUserAgent) headers['user-agent'] = profile.postUserAgent
    if (profile.name === 'gocq') headers['x-api-port'] = String(this.#apis.get(bot.id)?.port ?? 0)
    const key = secret ?? (profile.signWithToken ? accessToken : undefined)
    if (key) headers['x-signature'] = signature(key, data)
    const result = await postBytes(this.#postUrl, data, headers)
    return { httpStatus: result.status, body: result.body }
  }

  endpoints(): SimulatorEndpoints {
    const apiRoots: Record<string, string> = {}
    for (const [id, api] of this.#apis) apiRoots[id] = api.url
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

  /** HTTP has no connection to replace: a restarted Lagrange posts lifecycle `connect` again. */
  async reconnect(): Promise<void> {
    if (this.#postUrl) await this.#announce()
  }

  #report(error: unknown): void {
    this.#ctx.onError(error instanceof Error ? error : new Error(String(error)))
  }
}

function parseQuickOperation(delivery: Delivery): Record<string, unknown> | undefined {
  if (delivery.httpStatus !== 200 || !delivery.body?.trim()) return undefined
  try {
    const value: unknown = JSON.parse(delivery.body)
    // `{}` is "no operation".
    return typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Object.keys(value).length > 0
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}
