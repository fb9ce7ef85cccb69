import type { Logger } from 'pino'
import type { WsUpgradeRequest } from '../../../driver/types.js'

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
 * status and reason, ready to spread into the answer.
 */
export function logRefusal(logger: Logger, label: string, caller: Caller, refusal: Refusal): Refusal {
  const who = `${caller.remoteAddress ?? 'unknown peer'} on ${caller.path}`
  logger.warn(`${label} from ${who} refused (${refusal.status}): ${refusal.reason}`)
  return { status: refusal.status, reason: refusal.reason }
}
