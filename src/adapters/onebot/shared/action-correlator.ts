import { NetworkError } from '../../../errors.js'

interface Pending {
  readonly action: string
  readonly resolve: (response: Record<string, unknown>) => void
  readonly reject: (error: unknown) => void
  readonly timer: NodeJS.Timeout | undefined
  readonly onProgress: ((response: Record<string, unknown>) => void) | undefined
}

/**
 * Matches action responses to requests on one connection by `echo`. Echoes are unique strings;
 * responses are matched on `String(echo)` because implementations change the echo's JSON type.
 */
export class ActionCorrelator {
  readonly #pending = new Map<string, Pending>()
  #seq = 0

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
      const timer =
        Number.isFinite(timeoutMs) && timeoutMs > 0
          ? setTimeout(() => {
              this.#pending.delete(echo)
              reject(
                new NetworkError(`action ${action} timed out after ${timeoutMs} ms`, {
                  code: 'E_API_TIMEOUT',
                }),
              )
            }, timeoutMs)
          : undefined
      this.#pending.set(echo, { action, resolve, reject, timer, onProgress })
    })
  }

  /** Settles the call waiting for this response. Returns false when nothing was waiting (dropped). */
  settle(response: Record<string, unknown>): boolean {
    const echo = response.echo
    if (echo === undefined || echo === null) return false
    const key = String(echo)
    const pending = this.#pending.get(key)
    if (!pending) return false
    if (isStreamProgress(response)) {
      // NapCat stream actions answer several times with one echo; only the last one settles.
      pending.onProgress?.(response)
      return true
    }
    this.#pending.delete(key)
    if (pending.timer) clearTimeout(pending.timer)
    pending.resolve(response)
    return true
  }

  /** Fails every pending call, e.g. when the socket closes. */
  failAll(error: unknown): void {
    for (const pending of this.#pending.values()) {
      if (pending.timer) clearTimeout(pending.timer)
      pending.reject(error)
    }
    this.#pending.clear()
  }
}

function isStreamProgress(response: Record<string, unknown>): boolean {
  if (response.stream !== 'stream-action') return false
  const data = response.data
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'stream'
}
