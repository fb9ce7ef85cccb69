import type { Logger } from 'pino'
import type { Socket, WsHandler, WsUpgradeRequest } from '../../../../driver/types.js'
import type { LogRateLimiter } from '../../../../log/rate-limit.js'
import { checkToken } from '../../shared/auth.js'
import { logRefusal } from '../../shared/refusal.js'
import type { V12Self } from '../events.js'

/**
 * The subprotocol to confirm and the implementation it names. `12.<impl>` is split on the first
 * dot (impl names may contain dots); a bare `12` names none. Draft-era clients sent `X-Impl`.
 */
export function readOffer(req: Pick<WsUpgradeRequest, 'protocols' | 'headers'>): {
  protocol: string | undefined
  impl: string | undefined
} {
  const protocol = req.protocols.find((p) => p === '12' || p.startsWith('12.')) ?? req.protocols[0]
  const dot = protocol?.startsWith('12.') ? protocol.indexOf('.') : -1
  const impl = dot > 0 ? protocol!.slice(dot + 1) || undefined : req.headers['x-impl']
  return { protocol, impl }
}

/**
 * Reverse WebSocket route: token check before the upgrade (missing 401, wrong 403, with the
 * reason in the body and the log), then the offered `12.<impl>` subprotocol is echoed back:
 * strict clients (Node `ws`, tungstenite >= 0.20) abort when it is not.
 */
export function reverseWsRoute(options: {
  readonly token: string | undefined
  readonly logger: Logger
  readonly refusals?: LogRateLimiter
  readonly open: (socket: Socket, description: string, impl: string | undefined, legacySelf?: V12Self) => void
}): WsHandler {
  return (req) => {
    const check = checkToken(options.token, req.headers, req.query)
    if (!check.ok)
      return {
        accept: false,
        ...logRefusal(options.logger, 'V12 reverse WebSocket', req, check, options.refusals),
      }
    const { protocol, impl } = readOffer(req)
    // Draft-era clients named their bot in headers; events without `self` then belong to it.
    const selfId = req.headers['x-self-id']
    const legacySelf = selfId ? { platform: req.headers['x-platform'] ?? '', user_id: selfId } : undefined
    return {
      accept: true,
      protocol,
      onOpen: (socket) =>
        options.open(
          socket,
          `V12 reverse WebSocket #${socket.id} (${impl ?? 'unknown impl'})`,
          impl,
          legacySelf,
        ),
    }
  }
}
