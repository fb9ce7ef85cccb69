import type { IncomingMessage, ServerResponse } from 'node:http'
import type { WireActionRequest } from '../events/wire.js'
import { listen, readBody, requestToken, sendJson, type TrackedServer, tokenProblem } from '../http-util.js'
import type { SimBot } from '../types.js'
import type { ModeContext } from './mode.js'

/**
 * One bot's V11 HTTP API server: actions at `/<action>` (GET or POST, params from the query and a
 * JSON or form body), plus gocq's `POST /` with `{action, params}`. Token failures answer with the
 * profile's statuses (spec 401/403; napcat and LLOneBot always 403).
 */
export class V11HttpApi {
  readonly #ctx: ModeContext
  readonly #bot: SimBot
  #http: TrackedServer | undefined

  constructor(ctx: ModeContext, bot: SimBot) {
    this.#ctx = ctx
    this.#bot = bot
  }

  get port(): number {
    if (!this.#http) throw new Error('HTTP API server not started')
    return this.#http.port
  }

  get url(): string {
    return `http://${this.#ctx.host}:${this.port}/`
  }

  async start(): Promise<void> {
    this.#http = await listen(this.#ctx.host, (req, res) => {
      this.#serve(req, res).catch((error: unknown) => {
        this.#ctx.onError(error instanceof Error ? error : new Error(String(error)))
        if (!res.headersSent) sendJson(res, 500, { message: 'simulator error' })
      })
    })
  }

  close(): Promise<void> {
    return this.#http?.close() ?? Promise.resolve()
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { profile, accessToken, desk } = this.#ctx
    const url = new URL(req.url ?? '/', 'http://simulator')
    if (req.method !== 'GET' && req.method !== 'POST') return void res.writeHead(405).end()
    const problem = tokenProblem(
      accessToken,
      requestToken(req.headers, url.searchParams),
      profile.httpApiAuthStatus,
    )
    if (problem !== undefined) {
      if (profile.name === 'napcat') return sendJson(res, problem, { message: 'token verify failed!' })
      if (profile.name === 'llonebot') return sendJson(res, problem, { message: String(problem) })
      return void res.writeHead(problem).end()
    }
    const body = await parseBody(req)
    if (body === 'bad') return void res.writeHead(400).end()
    if (body === 'unsupported') return void res.writeHead(406).end()
    const query = Object.fromEntries([...url.searchParams].filter(([key]) => key !== 'access_token'))
    const action = url.pathname.replace(/^\/+|\/+$/g, '')
    let request: WireActionRequest
    if (action === '') {
      if (typeof body.action !== 'string')
        return sendJson(res, 200, { status: 'ok', retcode: 0, data: 'hello' })
      const params =
        typeof body.params === 'object' && body.params !== null
          ? (body.params as Record<string, unknown>)
          : {}
      request = { action: body.action, params: { ...query, ...params }, echo: body.echo }
    } else {
      const { echo, ...params } = body
      request =
        echo === undefined
          ? { action, params: { ...query, ...params } }
          : { action, params: { ...query, ...params }, echo }
    }
    const answer = await desk.handle(request, this.#bot, 'http', 'http')
    if (!answer.response) return // `noAnswer`: the request hangs until the client gives up or we close.
    if (typeof answer.response === 'string')
      return void res
        .writeHead(answer.httpStatus, { 'content-type': 'application/json' })
        .end(answer.response)
    sendJson(res, answer.httpStatus, answer.response)
  }
}

async function parseBody(req: IncomingMessage): Promise<Record<string, unknown> | 'bad' | 'unsupported'> {
  const raw = await readBody(req)
  if (raw.length === 0) return {}
  const type = (req.headers['content-type'] ?? 'application/json').split(';')[0]?.trim().toLowerCase()
  if (type === 'application/x-www-form-urlencoded')
    return Object.fromEntries(new URLSearchParams(raw.toString('utf8')))
  if (type !== 'application/json' && type !== 'text/json') return 'unsupported'
  try {
    const value: unknown = JSON.parse(raw.toString('utf8'))
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : 'bad'
  } catch {
    return 'bad'
  }
}
