import type { HttpHandler, HttpResponse } from '../../../../driver/types.js'
import { checkSignature } from '../../shared/auth.js'
import { classifyFrame } from '../../shared/frame.js'
import { decodeJsonFrame } from '../../shared/json.js'
import { logRefusal } from '../../shared/refusal.js'
import { QuickReplySlot } from '../quick-operation.js'
import type { V11Core } from './core.js'

const NO_CONTENT: HttpResponse = { status: 204 }

/**
 * HTTP POST: the implementation posts each event to us. The signature is checked over the exact
 * received bytes (key: ONEBOT_SECRET, else the access token, which NapCat and LLOneBot sign with):
 * missing 401, wrong 403. Then the answer is 204 at once and the event is handled afterwards,
 * unless quick operations are on (see `QuickReplySlot`).
 */
export function httpPostHandler(core: V11Core): HttpHandler {
  const key = core.options.secret ?? core.options.accessToken
  const keyName = core.options.secret ? 'ONEBOT_SECRET' : 'ONEBOT_ACCESS_TOKEN'
  return async (req) => {
    const refuse = (status: number, reason: string): HttpResponse => {
      logRefusal(core.logger, 'OneBot V11 HTTP POST', req, { status, reason })
      return { status, body: `${reason}\n` }
    }
    const signature = checkSignature(key, req.headers, req.body)
    if (!signature.ok) {
      const hint =
        keyName === 'ONEBOT_ACCESS_TOKEN'
          ? ' (no ONEBOT_SECRET is set, so the access token is the signing key)'
          : ''
      return refuse(signature.status, `${signature.reason.replace('ONEBOT_SECRET', keyName)}${hint}`)
    }
    if (req.body.length === 0) return refuse(400, 'empty body (expected one OneBot event as JSON)')
    const decoded = decodeJsonFrame(req.body)
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
    if (!quick) return NO_CONTENT
    await handling
    const operation = await quick.operation
    if (!operation) return NO_CONTENT
    return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(operation) }
  }
}

function stringId(value: unknown): string | undefined {
  return typeof value === 'number' || (typeof value === 'string' && value !== '') ? String(value) : undefined
}
