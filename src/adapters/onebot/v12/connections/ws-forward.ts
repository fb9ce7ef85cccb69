import type { Logger } from 'pino'
import type { BackoffOptions, DialLoop } from '../../../../driver/reconnect.js'
import type { Socket, WsClient } from '../../../../driver/types.js'
import { dialForward } from '../../shared/forward-ws.js'

export interface V12ForwardOptions {
  readonly client: WsClient
  readonly url: string
  readonly token: string | undefined
  readonly backoff: BackoffOptions | undefined
  readonly logger: Logger
  /** Called with each open socket; call `healthy()` once an event arrived (resets the backoff). */
  readonly open: (socket: Socket, description: string, healthy: () => void) => void
}

/**
 * Keeps one forward WebSocket to a V12 implementation (the shared dial loop) with the `12`
 * subprotocol offered, dropped once for servers that do not confirm it. One log line per distinct
 * problem, auth failures named as such; repeats of the same problem only at debug level.
 */
export function dialV12Forward(options: V12ForwardOptions): DialLoop {
  const { logger, url } = options
  let lastProblem = ''
  return dialForward({
    client: options.client,
    url,
    token: options.token,
    backoff: options.backoff,
    protocols: ['12'],
    open(socket, healthy) {
      if (lastProblem !== '') logger.info(`V12 forward WebSocket ${url} connected again`)
      lastProblem = ''
      options.open(socket, `V12 forward WebSocket ${url}`, healthy)
    },
    protocolsDropped() {
      logger.info(`V12 forward WebSocket ${url} does not confirm the "12" subprotocol; connecting without it`)
    },
    retry({ auth, message }, attempt, delayMs) {
      const problem = auth
        ? `the implementation refused the access token (${auth}); ` +
          'set ONEBOT_V12_ACCESS_TOKEN (or ONEBOT_ACCESS_TOKEN) to its access_token'
        : message
      if (problem !== lastProblem) {
        const line = `V12 forward WebSocket ${url}: ${problem}; retrying in ${delayMs} ms (attempt ${attempt})`
        if (auth) logger.error(line)
        else logger.warn(line)
        lastProblem = problem
      } else if (logger.isLevelEnabled('debug')) {
        logger.debug(`V12 forward WebSocket ${url}: retry ${attempt} in ${delayMs} ms`)
      }
    },
  })
}
