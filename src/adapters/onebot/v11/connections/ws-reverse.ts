import type { WsHandler } from '../../../../driver/types.js'
import { checkToken } from '../../shared/auth.js'
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
    const who = `${req.remoteAddress ?? 'unknown peer'} on ${req.path}`
    const token = checkToken(core.options.accessToken, req.headers, req.query)
    if (!token.ok) {
      core.logger.warn(`OneBot V11 reverse WebSocket from ${who} refused (${token.status}): ${token.reason}`)
      return { accept: false, status: token.status, reason: token.reason }
    }
    const selfId = req.headers['x-self-id']?.trim()
    if (!selfId) {
      const reason = 'missing X-Self-ID header (the bot account id)'
      core.logger.warn(`OneBot V11 reverse WebSocket from ${who} refused (400): ${reason}`)
      return { accept: false, status: 400, reason }
    }
    const role = parseRole(req.headers['x-client-role'])
    if (!role) {
      const reason = `unknown X-Client-Role ${JSON.stringify(req.headers['x-client-role'])} (expected Universal, API or Event)`
      core.logger.warn(`OneBot V11 reverse WebSocket from ${who} refused (400): ${reason}`)
      return { accept: false, status: 400, reason }
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
          core.options,
        )
        core.attachLink(link, selfId, { replace: true })
      },
    }
  }
}
