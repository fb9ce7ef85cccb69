import type { IncomingMessage, ServerResponse } from 'node:http'
import { encode } from '@msgpack/msgpack'
import { listen, readBody, requestToken, type TrackedServer, tokenProblem } from '../http-util.js'
import { parseActionRequest } from './action-request.js'
import type { ModeContext } from './mode.js'

/**
 * The V12 HTTP API server: `POST /` with `{action, params, self, echo}` in JSON or MessagePack,
 * answered in the same encoding. 405 for other methods, 404 for other paths, 401 (walle: 403) for a
 * bad token, 415 for other content types, and `retcode: 10001` for an unreadable body.
 */
export class V12HttpApi {
  readonly #ctx: ModeContext
  #http: TrackedServer | undefined

  constructor(ctx: ModeContext) {
    this.#ctx = ctx
  }

  get url(): string {
    if (!this.#http) throw new Error('HTTP API server not started')
    return `http://${this.#ctx.host}:${this.#http.port}/`
  }

  async start(): Promise<void> {
    this.#http = await listen(this.#ctx.host, (req, res) => {
      this.#serve(req, res).catch((error: unknown) => {
        this.#ctx.onError(error instanceof Error ? error : new Error(String(error)))
        if (!res.headersSent) res.writeHead(500).end()
      })
    })
  }

  close(): Promise<void> {
    return this.#http?.close() ?? Promise.resolve()
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { profile, accessToken, desk } = this.#ctx
    const url = new URL(req.url ?? '/', 'http://simulator')
    if (req.method !== 'POST') return void res.writeHead(405).end()
    if (url.pathname !== '/') return void res.writeHead(404).end()
    const problem = tokenProblem(
      accessToken,
      requestToken(req.headers, url.searchParams, ['bearer']),
      profile.httpApiAuthStatus,
    )
    if (problem !== undefined) return void res.writeHead(problem).end()
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
    if (type !== 'application/json' && type !== 'application/msgpack') return void res.writeHead(415).end()
    const msgpack = type === 'application/msgpack'
    const request = parseActionRequest(await readBody(req), msgpack)
    const answer = request
      ? await desk.handle(request, undefined, 'http', 'http', msgpack ? 'msgpack' : 'json')
      : {
          response: { status: 'failed', retcode: 10001, data: null, message: 'bad request' },
          httpStatus: 200,
        }
    if (!answer.response) return
    const body =
      typeof answer.response === 'string'
        ? answer.response
        : msgpack
          ? encode(answer.response)
          : JSON.stringify(answer.response)
    res.writeHead(answer.httpStatus, { 'content-type': type }).end(body)
  }
}
