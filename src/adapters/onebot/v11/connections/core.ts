import type { Logger } from 'pino'
import type { AdapterHost } from '../../../../adapter/adapter.js'
import type { EndpointTracker } from '../../../../adapter/endpoints.js'
import type { LogRateLimiter } from '../../../../log/rate-limit.js'
import type { V11Options } from '../config.js'
import type { QuickReplySlot } from '../quick-operation.js'
import type { LinkHandlers, WsLink } from './ws-link.js'

/** What the connection modes need from the adapter: the bot table and the event pipeline. */
export interface V11Core {
  readonly options: V11Options
  readonly host: AdapterHost
  readonly logger: Logger
  readonly linkHandlers: LinkHandlers
  /** Forward-WS URLs and API roots, and whether each was reached (`/readyz`). */
  readonly reach: EndpointTracker
  /** Rate limits refusal warnings per peer. */
  readonly refusals: LogRateLimiter
  /**
   * Adds a socket to the bot `selfId` (announcing the bot if it is new). With `replace`, an open
   * socket of the same role from the same side is closed first: the implementation reconnected
   * before the old TCP connection was noticed dead.
   */
  attachLink(link: WsLink, selfId: string, options: { replace: boolean }): void
  /** Handles one event that arrived over HTTP POST for `selfId`. */
  deliverPosted(
    selfId: string,
    payload: Record<string, unknown>,
    quick: QuickReplySlot | undefined,
  ): Promise<void>
}

/** `X-Client-Role` values, case-insensitively (Lagrange sends `Api`); missing means Universal. */
export function parseRole(header: string | undefined): 'universal' | 'api' | 'event' | undefined {
  if (header === undefined || header.trim() === '') return 'universal'
  const role = header.trim().toLowerCase()
  return role === 'universal' || role === 'api' || role === 'event' ? role : undefined
}
