import { NetworkError } from '../../../errors.js'

interface Pending {
  readonly action: string
  readonly resolve: (response: Record<string, unknown>) => void
  readonly reject: (error: unknown) => void
  /** When the call times out (ms since the epoch), or Infinity. */
  readonly deadline: number
  readonly timeoutMs: number
  readonly onProgress: ((response: Record<string, unknown>) => void) | undefined
}

/**
 * Matches action responses to requests on one connection by `echo`. Echoes are unique strings;
 * responses are matched on `String(echo)` because implementations change the echo's JSON type.
 *
 * Timeouts share one timer per connection, armed for the earliest deadline, instead of a timer
 * set and cleared for every call: on the event path almost every call is answered long before.
 */
export class ActionCorrelator {
  readonly #pending = new Map<string, Pending>()
  #seq = 0
  #timer: NodeJS.Timeout | undefined
  #timerAt = Number.POSITIVE_INFINITY

  get size(): number {
    return this.#pending.size
  }

  /** A fresh echo for the next request on this connection. */
  nextEcho(): string {
    this.#seq = (this.#seq + 1) % Number.MAX_SAFE_INTEGER
    return String(this.#seq)
  }

  /**
   * Waits for the response carrying `echo`. Rejects with a timeout `NetworkError` after
   * `timeoutMs` (no timeout when not finite) and with the close error when the connection ends.
   */
  wait(
    echo: string,
    action: string,
    timeoutMs: number,
    onProgress?: (response: Record<string, unknown>) => void,
  ): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const deadline =
        Number.isFinite(timeoutMs) && timeoutMs > 0 ? Date.now() + timeoutMs : Number.POSITIVE_INFINITY
      this.#pending.set(echo, { action, resolve, reject, deadline, timeoutMs, onProgress })
      if (deadline < this.#timerAt) this.#arm(deadline)
    })
  }

  /** Settles the call waiting for this response. Returns false when nothing was waiting (dropped). */
  settle(response: Record<string, unknown>): boolean {
    const key = echoKey(response.echo)
    if (key === undefined) return false
    const pending = this.#pending.get(key)
    if (!pending) return false
    if (isStreamProgress(response)) {
      // NapCat stream actions answer several times with one echo; only the last one settles.
      pending.onProgress?.(response)
      return true
    }
    this.#pending.delete(key)
    pending.resolve(response)
    return true
  }

  /** Fails every pending call, e.g. when the socket closes. */
  failAll(error: unknown): void {
    this.#disarm()
    const pending = [...this.#pending.values()]
    this.#pending.clear()
    for (const call of pending) call.reject(error)
  }

  #arm(at: number): void {
    this.#disarm()
    this.#timerAt = at
    this.#timer = setTimeout(() => this.#expire(), Math.max(0, at - Date.now()))
  }

  #disarm(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
    this.#timerAt = Number.POSITIVE_INFINITY
  }

  /** Fails the calls whose deadline has passed and re-arms for the next one. */
  #expire(): void {
    this.#timer = undefined
    this.#timerAt = Number.POSITIVE_INFINITY
    const now = Date.now()
    let next = Number.POSITIVE_INFINITY
    for (const [echo, call] of this.#pending) {
      if (call.deadline <= now) {
        this.#pending.delete(echo)
        call.reject(
          new NetworkError(`action ${call.action} timed out after ${call.timeoutMs} ms`, {
            code: 'E_API_TIMEOUT',
          }),
        )
      } else if (call.deadline < next) next = call.deadline
    }
    if (next !== Number.POSITIVE_INFINITY) this.#arm(next)
  }
}

/**
 * The echo as a map key. We send strings; implementations may give them back as numbers. Anything
 * else (an object whose `toString` is not a function, an array) matches nothing and never throws.
 */
export function echoKey(echo: unknown): string | undefined {
  if (typeof echo === 'string') return echo
  if (typeof echo === 'number' || typeof echo === 'bigint') return String(echo)
  return undefined
}

function isStreamProgress(response: Record<string, unknown>): boolean {
  if (response.stream !== 'stream-action') return false
  const data = response.data
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'stream'
}
