import {
  Agent,
  type Dispatcher,
  EnvHttpProxyAgent,
  fetch,
  Headers,
  type RequestInit,
  type Response,
} from 'undici'
import { z } from 'zod'
import type { App } from '../app.js'
import { type Duration, durationMs } from '../config/duration.js'
import { HttpError } from '../errors.js'

export const httpConfigShape = {
  http_timeout: z
    .union([z.number().positive(), z.null()])
    .default(30)
    .describe('HTTP_TIMEOUT: seconds a ctx.http request may take, or a bare key for none'),
  https_proxy: z.string().optional(),
  http_proxy: z.string().optional(),
  no_proxy: z.string().optional(),
}

/** Options of one request: `fetch`'s, plus a timeout, a JSON body and query parameters. */
export interface HttpOptions extends Omit<RequestInit, 'dispatcher'> {
  /** How long the request may take (ms or `'10s'`). @default HTTP_TIMEOUT (30 s) */
  readonly timeout?: Duration
  /** Sent as the JSON body (`content-type: application/json`). */
  readonly json?: unknown
  /** Appended to the URL's query string; `undefined` values are left out. */
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>
}

/** The app's connection pool: one per app, made on first use, proxied per HTTPS_PROXY / HTTP_PROXY / NO_PROXY. */
const pools = new WeakMap<App, { dispatcher: Dispatcher; timeoutMs: number }>()

function poolOf(app: App): { dispatcher: Dispatcher; timeoutMs: number } {
  let pool = pools.get(app)
  if (pool) return pool
  const c = app.config.section(httpConfigShape)
  const proxied = c.https_proxy !== undefined || c.http_proxy !== undefined
  const dispatcher = proxied
    ? new EnvHttpProxyAgent({ httpProxy: c.http_proxy, httpsProxy: c.https_proxy, noProxy: c.no_proxy ?? '' })
    : new Agent()
  pool = { dispatcher, timeoutMs: c.http_timeout === null ? Number.POSITIVE_INFINITY : c.http_timeout * 1000 }
  pools.set(app, pool)
  app.onShutdown(() => dispatcher.close())
  return pool
}

/**
 * `ctx.http`: fetch (undici's) with a default timeout, JSON helpers and the proxy from
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY. Requests still running when the plugin is unloaded are
 * aborted. Every failure is an `HttpError` (`code: 'E_HTTP'`, `status` when the server answered).
 *
 * @example
 * const { price } = await ctx.http.get<{ price: number }>('https://api.example.com/price', { query: { coin: 'btc' } })
 */
export class PluginHttp {
  readonly #app: App
  readonly #plugin: string
  readonly #unload = new AbortController()

  constructor(app: App, plugin: string) {
    this.#app = app
    this.#plugin = plugin
  }

  /** Aborts the running requests (the plugin scope calls it on unload). */
  dispose(): void {
    this.#unload.abort(new HttpError(`plugin ${this.#plugin} was unloaded`))
  }

  /** A raw request: any status resolves; only a timeout, the unload or the network rejects. */
  async fetch(url: string | URL, options: HttpOptions = {}): Promise<Response> {
    const { timeout, json, query, signal, headers, ...init } = options
    const pool = poolOf(this.#app)
    const timeoutMs = timeout === undefined ? pool.timeoutMs : durationMs(timeout, 'ctx.http timeout')
    const signals = [this.#unload.signal]
    if (Number.isFinite(timeoutMs)) signals.push(AbortSignal.timeout(timeoutMs))
    if (signal) signals.push(signal as AbortSignal)
    const target = withQuery(url, query)
    const method = init.method ?? (json === undefined ? 'GET' : 'POST')
    const merged = new Headers(headers as ConstructorParameters<typeof Headers>[0])
    if (json !== undefined && !merged.has('content-type')) merged.set('content-type', 'application/json')
    try {
      return await fetch(target, {
        ...init,
        method,
        headers: merged,
        body: json === undefined ? init.body : JSON.stringify(json),
        signal: AbortSignal.any(signals),
        dispatcher: pool.dispatcher,
      })
    } catch (error) {
      throw this.#failure(method, target, error, timeoutMs)
    }
  }

  /** GET (or any method in `options`) and parse JSON; an error status rejects with `HttpError`. */
  async get<T = unknown>(url: string | URL, options: HttpOptions = {}): Promise<T> {
    return (await this.#ok(url, options)).json() as Promise<T>
  }

  /** POST `body` as JSON and parse the JSON answer (an empty answer gives `undefined`). */
  async post<T = unknown>(url: string | URL, body: unknown, options: HttpOptions = {}): Promise<T> {
    const text = await (
      await this.#ok(url, { ...options, method: options.method ?? 'POST', json: body })
    ).text()
    return (text === '' ? undefined : JSON.parse(text)) as T
  }

  /** The body as text; an error status rejects with `HttpError`. */
  async text(url: string | URL, options: HttpOptions = {}): Promise<string> {
    return (await this.#ok(url, options)).text()
  }

  /** The body as bytes (an image to send...); an error status rejects with `HttpError`. */
  async bytes(url: string | URL, options: HttpOptions = {}): Promise<Buffer> {
    return Buffer.from(await (await this.#ok(url, options)).arrayBuffer())
  }

  async #ok(url: string | URL, options: HttpOptions): Promise<Response> {
    const response = await this.fetch(url, options)
    if (response.ok) return response
    const body = (await response.text().catch(() => '')).slice(0, 200)
    const method = options.method ?? (options.json === undefined ? 'GET' : 'POST')
    throw new HttpError(
      `${method} ${String(url)}: ${response.status} ${response.statusText}${body ? `: ${body}` : ''}`,
      response.status,
    )
  }

  #failure(method: string, url: string, error: unknown, timeoutMs: number): HttpError {
    const reason = this.#unload.signal.aborted ? this.#unload.signal.reason : undefined
    if (reason instanceof HttpError)
      return new HttpError(`${method} ${url}: aborted, ${reason.message}`, undefined, { cause: error })
    const name = (error as { name?: unknown } | null)?.name
    if (name === 'TimeoutError')
      return new HttpError(`${method} ${url}: no answer within ${timeoutMs} ms`, undefined, { cause: error })
    const cause = (error as { cause?: { message?: unknown } } | null)?.cause?.message
    const detail = typeof cause === 'string' ? cause : error instanceof Error ? error.message : String(error)
    return new HttpError(`${method} ${url}: ${detail}`, undefined, { cause: error })
  }
}

function withQuery(url: string | URL, query: HttpOptions['query']): string {
  if (!query) return String(url)
  const u = new URL(url)
  for (const [key, value] of Object.entries(query))
    if (value !== undefined) u.searchParams.append(key, String(value))
  return u.href
}
