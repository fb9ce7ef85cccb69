import type { Logger } from 'pino'
import type { WsUpgradeRequest } from '../../../driver/types.js'
import { LogRateLimiter } from '../../../log/rate-limit.js'

/** The parts of an incoming HTTP request or WebSocket upgrade a refusal names. */
export type Caller = Pick<WsUpgradeRequest, 'path' | 'remoteAddress'>

/** A refusal of an incoming connection or request: the status and the reason sent back. */
export interface Refusal {
  readonly status: number
  readonly reason: string
}

/** One minute between refusal lines per peer and kind. */
const WINDOW_MS = 60_000

/**
 * Rate limiters per app logger: keyed weakly, so each app (and its logger) has its own and it goes
 * away with it; no state is shared between apps.
 */
const limiters = new WeakMap<Logger, LogRateLimiter>()

/**
 * Logs one warning for a refused incoming connection, in the same shape for every mode of both
 * versions: `<label> from <address> on <path> refused (<status>): <reason>`, at most once a minute
 * per peer, mode and refusal (so a flood of one bad attempt costs one line, while a different
 * refusal from the same peer still shows); when the minute ends, one line says how many were held back. Returns just the status
 * and reason, ready to spread into the answer.
 */
export function logRefusal(logger: Logger, label: string, caller: Caller, refusal: Refusal): Refusal {
  let limiter = limiters.get(logger)
  if (!limiter) {
    limiter = new LogRateLimiter({ windowMs: WINDOW_MS })
    limiters.set(logger, limiter)
  }
  const peer = caller.remoteAddress ?? 'unknown peer'
  limiter.log(
    logger,
    'warn',
    `${label}\0${peer}\0${refusal.status}\0${refusal.reason}`,
    `${label} from ${peer} on ${caller.path} refused (${refusal.status}): ${refusal.reason}`,
  )
  return { status: refusal.status, reason: refusal.reason }
}
