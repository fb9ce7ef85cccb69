import type { WsHandler } from '../../../../driver/types.js'
import { checkToken } from '../../shared/auth.js'
import { logRefusal, type Refusal } from '../../shared/refusal.js'
import type { V11Core } from './core.js'
import { parseRole } from './core.js'
import { WsLink } from './ws-link.js'

/**
 * Reverse WebSocket: the implementation dials us. Everything is checked before the upgrade so a
 * refusal is a plain HTTP status with the reason in the body (and one log line): token (401
 * missing, 403 wrong, constant-time), then `X-Self-ID` (400), then `X-Client-Role` (400).
 */
export function reverseWsHandler(core: V11Core): WsHandler {
  return (req) => {
    const refuse = (refusal: Refusal) => ({
      accept: false as const,
      ...logRefusal(core.logger, 'OneBot V11 reverse WebSocket', req, refusal, core.refusals),
    })
    const token = checkToken(core.options.accessToken, req.headers, req.query)
    if (!token.ok) return refuse(token)
    const selfId = req.headers['x-self-id']?.trim()
    if (!selfId) return refuse({ status: 400, reason: 'missing X-Self-ID header (the bot account id)' })
    const role = parseRole(req.headers['x-client-role'])
    if (!role) {
      return refuse({
        status: 400,
        reason: `unknown X-Client-Role ${JSON.stringify(req.headers['x-client-role'])} (expected Universal, API or Event)`,
      })
    }
    return {
      accept: true,
      onOpen: (socket) => {
        const link = new WsLink(
          socket,
          role,
          `reverse ${req.path}`,
          core.linkHandlers,
          core.logger,
          // An API socket only ever answers our calls: its silence proves nothing.
          role === 'api' ? { ...core.options, silentTimeoutMs: 0 } : core.options,
        )
        core.attachLink(link, selfId, { replace: true })
      },
    }
  }
}
