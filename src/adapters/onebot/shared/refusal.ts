import type { Logger } from 'pino'
import type { WsUpgradeRequest } from '../../../driver/types.js'
import type { LogRateLimiter } from '../../../log/rate-limit.js'

/** The parts of an incoming HTTP request or WebSocket upgrade a refusal names. */
export type Caller = Pick<WsUpgradeRequest, 'path' | 'remoteAddress'>

/** A refusal of an incoming connection or request: the status and the reason sent back. */
export interface Refusal {
  readonly status: number
  readonly reason: string
}

/**
 * Logs one warning for a refused incoming connection, in the same shape for every mode of both
 * versions: `<label> from <address> on <path> refused (<status>): <reason>`. Returns just the
 * status and reason, ready to spread into the answer. With `limiter`, one line per address, mode
 * and status a minute; the rest are counted (5,000 bad-token upgrades cost one line).
 */
export function logRefusal(
  logger: Logger,
  label: string,
  caller: Caller,
  refusal: Refusal,
  limiter?: LogRateLimiter,
): Refusal {
  const peer = caller.remoteAddress ?? 'unknown peer'
  const message = `${label} from ${peer} on ${caller.path} refused (${refusal.status}): ${refusal.reason}`
  if (limiter) limiter.log(logger, 'warn', `${peer} ${label} ${refusal.status}`, message)
  else logger.warn(message)
  return { status: refusal.status, reason: refusal.reason }
}
