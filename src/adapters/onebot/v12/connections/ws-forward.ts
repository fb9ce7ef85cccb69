import type { Logger } from 'pino'
import { type BackoffOptions, keepConnected } from '../../../../driver/reconnect.js'
import type { Disposer, Socket, WsClient } from '../../../../driver/types.js'
import { WsHandshakeError } from '../../../../errors.js'

// candidate for shared/: auth-failure detection and the dial loop are the same for V11
// (V11 adds NapCat/LLOneBot's `retcode: 1403` frame, which callers can feed to `reportAuthFailure`).

/** Whether a failed attempt means the implementation refused our token (401/403 or close 1008). */
export function isAuthFailure(error: unknown): boolean {
  if (error instanceof WsHandshakeError) return error.status === 401 || error.status === 403
  return error instanceof Error && /\(1008\b/.test(error.message)
}

/** The client library refused the 101 because the server confirmed no subprotocol. */
function isSubprotocolRefusal(error: unknown): boolean {
  return (
    error instanceof Error &&
    /subprotocol/i.test(`${error.message} ${String((error as { cause?: unknown }).cause)}`)
  )
}

export interface ForwardOptions {
  readonly client: WsClient
  readonly url: string
  readonly token: string | undefined
  readonly backoff: BackoffOptions | undefined
  readonly logger: Logger
  /** Called with each open socket; call `healthy()` once an event arrived (resets the backoff). */
  readonly open: (socket: Socket, description: string, healthy: () => void) => void
}

/**
 * Keeps one forward WebSocket to a V12 implementation: `Authorization: Bearer <token>`, the `12`
 * subprotocol offered (dropped, once, for servers that do not confirm it), capped exponential
 * backoff with jitter, and auth failures named as such in the log instead of a bare retry.
 */
export function dialForward(options: ForwardOptions): Disposer {
  const { logger, url } = options
  const headers: Record<string, string> = {}
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`
  let stop: Disposer = () => {}
  let stopped = false
  let lastProblem = ''

  const start = (protocols: string[]) => {
    stop = keepConnected(
      options.client,
      url,
      { headers, protocols, backoff: options.backoff },
      {
        onOpen: (socket, healthy) => {
          if (lastProblem !== '') logger.info(`V12 forward WebSocket ${url} connected again`)
          lastProblem = ''
          options.open(socket, `V12 forward WebSocket ${url}`, healthy)
        },
        onRetry: (error, attempt, delayMs) => {
          if (protocols.length > 0 && isSubprotocolRefusal(error)) {
            logger.info(
              `V12 forward WebSocket ${url} does not confirm the "12" subprotocol; connecting without it`,
            )
            stop()
            if (!stopped) start([])
            return
          }
          const auth = isAuthFailure(error)
          const problem = auth
            ? `the implementation refused the access token (${(error as Error).message}); ` +
              'set ONEBOT_V12_ACCESS_TOKEN (or ONEBOT_ACCESS_TOKEN) to its access_token'
            : error instanceof Error
              ? error.message
              : String(error)
          // One line per distinct problem; repeats of the same one only at debug level.
          if (problem !== lastProblem) {
            const line = `V12 forward WebSocket ${url}: ${problem}; retrying in ${delayMs} ms (attempt ${attempt})`
            if (auth) logger.error(line)
            else logger.warn(line)
            lastProblem = problem
          } else if (logger.isLevelEnabled('debug')) {
            logger.debug(`V12 forward WebSocket ${url}: retry ${attempt} in ${delayMs} ms`)
          }
        },
      },
    )
  }

  start(['12'])
  return () => {
    stopped = true
    stop()
  }
}
