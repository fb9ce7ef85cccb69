import type {
  HttpHandler,
  HttpRequestHead,
  HttpResponse,
  HttpRouteOptions,
} from '../../../../driver/types.js'
import { checkSignature } from '../../shared/auth.js'
import { classifyFrame } from '../../shared/frame.js'
import { decodeJsonFrame } from '../../shared/json.js'
import { type Caller, logRefusal } from '../../shared/refusal.js'
import { QuickReplySlot } from '../quick-operation.js'
import type { V11Core } from './core.js'
import { UnsignedPosters } from './unsigned-posters.js'

/**
 * The answer when no quick operation applies: an empty JSON object, not a bodiless 204, because
 * LLOneBot parses every answer as JSON and warns on each event otherwise (`{}` is "no operation"
 * to every implementation that reads the answer).
 */
const NO_OPERATION: HttpResponse = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: '{}',
}

const UNSIGNED_HINT =
  'NapCat and LLOneBot sign with their token; Lagrange.OneBot and go-cqhttp sign only with their ' +
  'Secret: set ONEBOT_SECRET to that Secret, or ONEBOT_SECRET="" to accept unsigned posts'

/**
 * HTTP POST: the implementation posts each event to us. The signature is checked over the exact
 * received bytes (key: ONEBOT_SECRET, else the access token, which NapCat and LLOneBot sign with):
 * missing 401, wrong 403. `ONEBOT_SECRET=""` means unsigned posts by choice. An unsigned post
 * while the token is the key is accepted only from a bot whose own HTTP API says it is an
 * implementation that never signs with its token (Lagrange.OneBot, go-cqhttp). Then the answer is
 * `{}` at once and the event is handled afterwards, unless quick operations are on.
 */
export function httpPostRoute(core: V11Core): { handle: HttpHandler; options: HttpRouteOptions } {
  const { secret, accessToken } = core.options
  const key = secret === '' ? undefined : (secret ?? accessToken)
  const keyName = secret ? 'ONEBOT_SECRET' : 'ONEBOT_ACCESS_TOKEN'
  const tokenIsKey = secret === undefined && !!accessToken
  const posters = tokenIsKey
    ? new UnsignedPosters({
        http: core.host.driver.http,
        apiRoots: core.options.apiRoots,
        accessToken,
        logger: core.logger,
      })
    : undefined
  const acceptedUnsigned = new Set<string>()
  const refuseAs = (req: Caller, status: number, reason: string): HttpResponse => {
    logRefusal(core.logger, 'OneBot V11 HTTP POST', req, { status, reason }, core.refusals)
    return { status, body: `${reason}\n` }
  }
  // With an explicit secret, a missing signature is known from the headers: refused before the
  // body is read. (When the token is the key, some implementations may post unsigned: see below.)
  const authorize = (req: HttpRequestHead): HttpResponse | undefined => {
    if (!key || tokenIsKey || req.headers['x-signature']) return undefined
    return refuseAs(req, 401, `missing X-Signature (${keyName} is set)`)
  }
  const handle: HttpHandler = async (req) => {
    const refuse = (status: number, reason: string) => refuseAs(req, status, reason)
    const signature = checkSignature(key, req.headers, req.body)
    if (!signature.ok) {
      if (!tokenIsKey) return refuse(signature.status, signature.reason.replace('ONEBOT_SECRET', keyName))
      if (signature.status !== 401)
        return refuse(
          signature.status,
          `${signature.reason.replace('ONEBOT_SECRET', keyName)} (no ONEBOT_SECRET is set, so the access token is the signing key)`,
        )
      const poster = req.headers['x-self-id']?.trim()
      const impl = poster ? await posters?.unsignedImplementation(poster) : undefined
      if (!impl)
        return refuse(
          401,
          `missing X-Signature: ONEBOT_ACCESS_TOKEN is set and ONEBOT_SECRET is not, so posts must be signed with the token (${UNSIGNED_HINT})`,
        )
      if (poster && !acceptedUnsigned.has(poster)) {
        acceptedUnsigned.add(poster)
        core.logger.warn(
          `OneBot V11 HTTP POST: bot ${poster} is ${impl}, which never signs with its token; accepting its unsigned posts (set ONEBOT_SECRET to its Secret to verify them, or ONEBOT_SECRET="" to say so)`,
        )
      }
    }
    if (req.body.length === 0) return refuse(400, 'empty body (expected one OneBot event as JSON)')
    const decoded = decodeJsonFrame(req.body, core.options.maxJsonDepth)
    if (!decoded.ok)
      return refuse(400, decoded.hostile ? `body is ${decoded.error}` : `body is not JSON: ${decoded.error}`)
    const frame = classifyFrame(decoded.value, 'post_type')
    if (frame.kind !== 'event') return refuse(400, 'body is not a OneBot V11 event (no post_type)')
    const payload = frame.payload
    const selfId = req.headers['x-self-id']?.trim() || stringId(payload.self_id)
    if (!selfId) return refuse(400, 'missing X-Self-ID header and no self_id in the body')

    const quick =
      core.options.quickOperationMs > 0 && payload.post_type === 'message'
        ? new QuickReplySlot(core.options.quickOperationMs)
        : undefined
    const handling = core.deliverPosted(selfId, payload, quick).catch((error: unknown) => {
      core.logger.error({ err: error }, `OneBot V11 HTTP POST: failed to handle an event for bot ${selfId}`)
    })
    if (!quick) return NO_OPERATION
    await handling
    const operation = await quick.operation
    if (!operation) return NO_OPERATION
    return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(operation) }
  }
  return { handle, options: { authorize } }
}

function stringId(value: unknown): string | undefined {
  return typeof value === 'number' || (typeof value === 'string' && value !== '') ? String(value) : undefined
}
