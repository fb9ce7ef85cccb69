import { AsyncLocalStorage } from 'node:async_hooks'
import type { Logger } from 'pino'
import type {
  HttpHandler,
  HttpRequestHead,
  HttpResponse,
  HttpRouteOptions,
} from '../../../../driver/types.js'
import type { LogRateLimiter } from '../../../../log/rate-limit.js'
import { checkToken } from '../../shared/auth.js'
import { classifyFrame } from '../../shared/frame.js'
import { HostileValueError } from '../../shared/json-guard.js'
import { type Caller, logRefusal } from '../../shared/refusal.js'
import type { V12ActionRequest } from '../actions.js'
import type { V12ActionLink, V12Bot } from '../bot.js'
import { decodePayload, encodeJson, encodeMsgpack } from '../codec.js'

/**
 * One held webhook request (opt-in `ONEBOT_V12_WEBHOOK_REPLY_TIMEOUT`): actions the handlers of
 * its event call on its bot go back in the response body, which the implementation executes.
 */
export class WebhookReply implements V12ActionLink {
  readonly description = 'webhook response'
  readonly actions: V12ActionRequest[] = []
  bot: V12Bot | undefined
  open = true

  /** The implementation discards the results of these actions, so the caller gets `null`. */
  request(request: V12ActionRequest): Promise<Record<string, unknown>> {
    this.actions.push(request)
    return Promise.resolve({ status: 'ok', retcode: 0, data: null, message: '' })
  }

  /** Getters need their result, so they never go into a response body. */
  accepts(bot: V12Bot, action: string): boolean {
    return this.open && this.bot === bot && !action.startsWith('get_')
  }
}

/** The held request the current handler runs for, if any. */
export const webhookReplyScope = new AsyncLocalStorage<WebhookReply>()

const statusText = (status: number, reason: string): HttpResponse => ({ status, body: `${reason}\n` })

/**
 * HTTP webhook route: token check (401/403), JSON or MessagePack body (415 otherwise, 400 when it
 * does not decode to an event), then 204 at once. With a reply window the request is held and
 * answered 200 with the actions called meanwhile (or 204 when there were none).
 */
export function webhookRoute(options: {
  readonly token: string | undefined
  readonly logger: Logger
  readonly refusals?: LogRateLimiter
  readonly maxJsonDepth?: number
  readonly replyMs: number
  readonly handle: (event: Record<string, unknown>, impl: string | undefined, reply?: WebhookReply) => void
}): { handle: HttpHandler; options: HttpRouteOptions } {
  const refuse = (req: Caller, status: number, reason: string): HttpResponse => {
    logRefusal(options.logger, 'V12 webhook', req, { status, reason }, options.refusals)
    return statusText(status, reason)
  }
  // The token is in the headers: checked before the body is read.
  const authorize = (req: HttpRequestHead): HttpResponse | undefined => {
    const check = checkToken(options.token, req.headers, req.query)
    return check.ok ? undefined : refuse(req, check.status, check.reason)
  }
  const handle: HttpHandler = async (req) => {
    const type = (req.headers['content-type'] ?? 'application/json').split(';')[0]!.trim().toLowerCase()
    const msgpack = type === 'application/msgpack' || type === 'application/x-msgpack'
    if (!msgpack && type !== 'application/json' && type !== 'text/json') {
      return refuse(
        req,
        415,
        `unsupported Content-Type ${type}: send application/json or application/msgpack`,
      )
    }
    let value: unknown
    try {
      value = decodePayload(msgpack ? req.body : req.body.toString('utf8'), options.maxJsonDepth)
    } catch (error) {
      const what = msgpack ? 'MessagePack' : 'JSON'
      if (error instanceof HostileValueError) return refuse(req, 400, `body is ${error.message}`)
      return refuse(req, 400, `body is not valid ${what}: ${(error as Error).message}`)
    }
    const frame = classifyFrame(value, 'type')
    if (frame.kind !== 'event') {
      return refuse(
        req,
        400,
        frame.kind === 'invalid' ? frame.reason : 'body is an action response, not an event',
      )
    }
    const impl = req.headers['x-impl']
    if (options.replyMs <= 0) {
      options.handle(frame.payload, impl)
      return { status: 204 }
    }
    const reply = new WebhookReply()
    webhookReplyScope.run(reply, () => options.handle(frame.payload, impl, reply))
    await new Promise((resolve) => setTimeout(resolve, options.replyMs))
    reply.open = false
    if (reply.actions.length === 0) return { status: 204 }
    return msgpack
      ? {
          status: 200,
          headers: { 'content-type': 'application/msgpack' },
          body: encodeMsgpack(reply.actions),
        }
      : { status: 200, headers: { 'content-type': 'application/json' }, body: encodeJson(reply.actions) }
  }
  return { handle, options: { authorize } }
}
