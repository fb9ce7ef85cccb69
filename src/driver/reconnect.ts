import type { Disposer, Socket, WsClient, WsConnectOptions } from './types.js'

export interface BackoffOptions {
  /** First retry delay. @default 1000 */
  readonly initialMs?: number
  /** Cap on the delay. @default 30000 */
  readonly maxMs?: number
  /** Growth per failed attempt. @default 2 */
  readonly factor?: number
  /** Fraction of random spread applied to each delay (0..1). @default 0.2 */
  readonly jitter?: number
}

/** Delay before retry number `attempt` (1-based): capped exponential growth with jitter. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random = Math.random): number {
  const initial = options.initialMs ?? 1000
  const max = options.maxMs ?? 30_000
  const factor = options.factor ?? 2
  const jitter = options.jitter ?? 0.2
  const base = Math.min(max, initial * factor ** Math.max(0, attempt - 1))
  const spread = base * jitter * (random() * 2 - 1)
  return Math.max(0, Math.min(max, Math.round(base + spread)))
}

/** The reason `onRetry` gets when an open connection closed: the close code and reason. */
export class ConnectionClosed extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super(`connection closed (${code}${reason ? ` ${reason}` : ''})`)
  }
}

export interface KeepConnectedHandlers {
  /**
   * Called with each new socket. Call `healthy()` once the peer has proven it works (for example
   * after the first event), which resets the backoff.
   */
  onOpen(socket: Socket, healthy: () => void): void
  /** Called after each failed attempt or lost connection, with the delay before the next try. */
  onRetry(error: unknown, attempt: number, delayMs: number): void
}

/** Stops a dial loop: called, it closes the connection too; `stopDialling()` keeps it open (shutdown's first phase). */
export type DialLoop = Disposer & { readonly stopDialling: () => void }

/**
 * Keeps a WebSocket connection to `url` open: reconnects with capped exponential backoff and jitter
 * until the returned disposer is called.
 */
export function keepConnected(
  client: WsClient,
  url: string,
  options: WsConnectOptions & { backoff?: BackoffOptions; random?: () => number },
  handlers: KeepConnectedHandlers,
): DialLoop {
  let stopped = false
  let attempt = 0
  let timer: NodeJS.Timeout | undefined
  let current: Socket | undefined

  const retry = (error: unknown) => {
    if (stopped) return
    attempt++
    const delay = backoffDelay(attempt, options.backoff, options.random)
    handlers.onRetry(error, attempt, delay)
    timer = setTimeout(run, delay)
  }

  const run = () => {
    timer = undefined
    if (stopped) return
    client.connect(url, options).then(
      (socket) => {
        if (stopped) return socket.close(1000, 'stopped')
        current = socket
        let failure: unknown
        socket.onClose((code, reason) => {
          current = undefined
          retry(failure ?? new ConnectionClosed(code, reason))
        })
        try {
          handlers.onOpen(socket, () => {
            attempt = 0
          })
        } catch (error) {
          // A throwing handler must not become an unhandled rejection: drop the connection and retry.
          failure = error
          socket.close(1011, 'handler failed')
        }
      },
      (error: unknown) => retry(error),
    )
  }

  const stopDialling = () => {
    stopped = true
    if (timer) clearTimeout(timer)
  }
  run()
  return Object.assign(
    () => {
      stopDialling()
      current?.close(1000, 'shutting down')
    },
    { stopDialling },
  )
}
