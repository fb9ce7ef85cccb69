import type { HttpClient } from '../../../../driver/types.js'
import { NetworkError } from '../../../../errors.js'
import type { V12ActionRequest } from '../actions.js'
import type { V12ActionLink } from '../bot.js'
import { decodePayload, encodeJson, encodeMsgpack } from '../codec.js'

/**
 * Actions over HTTP: `POST <api root>` (the root as is) with `{action, params, self}` as JSON or
 * MessagePack, `Authorization: Bearer <token>` when a token is configured.
 */
export class V12HttpLink implements V12ActionLink {
  readonly description: string

  constructor(
    private readonly client: HttpClient,
    private readonly url: string,
    private readonly token: string | undefined,
    private readonly msgpack: boolean,
    /** Told when the root answered (`/readyz`). */
    private readonly reached: (url: string) => void = () => {},
  ) {
    this.description = `HTTP ${url}`
  }

  async request(request: V12ActionRequest, timeoutMs: number): Promise<Record<string, unknown>> {
    const headers: Record<string, string> = {
      'content-type': this.msgpack ? 'application/msgpack' : 'application/json',
    }
    if (this.token !== undefined) headers.authorization = `Bearer ${this.token}`
    const res = await this.client.request({
      method: 'POST',
      url: this.url,
      headers,
      body: this.msgpack ? encodeMsgpack(request) : encodeJson(request),
      timeoutMs: Number.isFinite(timeoutMs) ? timeoutMs : 0,
    })
    this.reached(this.url)
    if (res.status === 401 || res.status === 403) {
      throw new NetworkError(
        `${this.description} refused action ${request.action} with HTTP ${res.status}: check ONEBOT_V12_ACCESS_TOKEN`,
      )
    }
    if (res.status < 200 || res.status >= 300) {
      throw new NetworkError(`${this.description} answered action ${request.action} with HTTP ${res.status}`)
    }
    const isMsgpack = (res.headers['content-type'] ?? '').startsWith('application/msgpack')
    let body: unknown
    try {
      body = decodePayload(isMsgpack ? res.body : res.body.toString('utf8'))
    } catch (error) {
      throw new NetworkError(`${this.description} sent an undecodable response to ${request.action}`, {
        cause: error,
      })
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new NetworkError(`${this.description} sent a non-object response to ${request.action}`)
    }
    return body as Record<string, unknown>
  }
}
