import { type BackoffOptions, type DialLoop, keepConnected } from '../../../driver/reconnect.js'
import type { Socket, WsClient } from '../../../driver/types.js'
import { authRefusal } from './ws-auth-failure.js'

export interface ForwardDialOptions {
  readonly client: WsClient
  readonly url: string
  /** Sent as `Authorization: Bearer <token>` when set. */
  readonly token: string | undefined
  readonly backoff: BackoffOptions | undefined
  /** Subprotocols to offer; a server that confirms none is dialled again, once, without them. */
  readonly protocols?: readonly string[]
  /**
   * Each open socket. Call `healthy()` once the peer proved it works (resets the backoff), and
   * `authRefused()` on a `retcode: 1403` frame so the close that follows counts as an auth failure.
   */
  open(socket: Socket, healthy: () => void, authRefused: () => void): void
  /** Each failed attempt or lost connection; `auth` says how the token was refused, if it was. */
  retry(failure: DialFailure, attempt: number, delayMs: number): void
  /** The server confirmed none of `protocols`; dialling without them from now on. */
  protocolsDropped?(): void
}

export interface DialFailure {
  readonly error: unknown
  /** E.g. `HTTP 403`, `a retcode 1403 frame, then closed`, `closed with 1008`. */
  readonly auth: string | undefined
  readonly message: string
}

/**
 * Keeps one forward WebSocket up for either protocol version: capped exponential backoff with
 * jitter (driver `keepConnected`), the access token, the subprotocol fallback, and auth failures
 * told apart so the adapter can log them as such instead of as a bare retry.
 */
export function dialForward(options: ForwardDialOptions): DialLoop {
  const headers: Record<string, string> = {}
  if (options.token) headers.authorization = `Bearer ${options.token}`
  let stop: DialLoop | undefined
  let stopped = false
  let authFrameSeen = false

  const start = (protocols: readonly string[]) => {
    stop = keepConnected(
      options.client,
      options.url,
      { headers, protocols, backoff: options.backoff },
      {
        onOpen: (socket, healthy) => {
          authFrameSeen = false
          options.open(socket, healthy, () => {
            authFrameSeen = true
          })
        },
        onRetry: (error, attempt, delayMs) => {
          if (protocols.length > 0 && isSubprotocolRefusal(error)) {
            options.protocolsDropped?.()
            stop?.()
            if (!stopped) start([])
            return
          }
          const auth = authRefusal(error, authFrameSeen)
          authFrameSeen = false
          options.retry({ error, auth, message: describe(error) }, attempt, delayMs)
        },
      },
    )
  }

  start(options.protocols ?? [])
  return Object.assign(
    () => {
      stopped = true
      stop?.()
    },
    {
      stopDialling: () => {
        stopped = true
        stop?.stopDialling()
      },
    },
  )
}

/** The client library refused the 101 because the server confirmed no subprotocol. */
function isSubprotocolRefusal(error: unknown): boolean {
  return (
    error instanceof Error &&
    /subprotocol/i.test(`${error.message} ${String((error as { cause?: unknown }).cause)}`)
  )
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
