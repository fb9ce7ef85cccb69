// node:timers, not the globals: a test's vi.useFakeTimers() must not stall the kit's own waits.
import { clearTimeout, setTimeout } from 'node:timers'
import type { IncomingEvent } from '../../adapter/event.js'
import type { EventHandler } from '../../app.js'

interface Waiter {
  readonly matches: (event: IncomingEvent) => boolean
  readonly resolve: (event: IncomingEvent) => void
}

/**
 * An app event handler that tells the test kit when an event it pushed has been parsed by the
 * adapter and dispatched. It is registered after the plugin manager, so by the time it sees an
 * event the dispatcher is already counting it as in flight and `plugins.idle()` waits for it.
 */
export class DispatchTap implements EventHandler {
  #waiters: Waiter[] = []

  async handle(event: IncomingEvent): Promise<void> {
    if (this.#waiters.length === 0) return
    const waiter = this.#waiters.find((w) => w.matches(event))
    if (!waiter) return
    this.#waiters = this.#waiters.filter((w) => w !== waiter)
    waiter.resolve(event)
  }

  /** Resolves with the first dispatched event `matches` accepts; rejects after `timeoutMs`. */
  next(matches: (event: IncomingEvent) => boolean, timeoutMs: number, what: string): Promise<IncomingEvent> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        matches,
        resolve: (event) => {
          clearTimeout(timer)
          resolve(event)
        },
      }
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter)
        reject(
          new Error(
            `the app did not dispatch ${what} within ${timeoutMs} ms (dropped as a duplicate of an earlier event, malformed, or sent to a bot that is not connected?)`,
          ),
        )
      }, timeoutMs)
      timer.unref()
      this.#waiters.push(waiter)
    })
  }
}

/**
 * Whether the adapter's parsed `event` is the wire event `sent`: every top-level scalar field of
 * `sent` is there with the same value (adapters may add fields or turn ids into strings).
 */
export function isSameEvent(sent: Readonly<Record<string, unknown>>, event: unknown): boolean {
  if (typeof event !== 'object' || event === null) return false
  const parsed = event as Record<string, unknown>
  for (const [key, value] of Object.entries(sent)) {
    if (value === null || typeof value === 'object' || value === undefined) continue
    if (String(parsed[key]) !== String(value)) return false
  }
  return true
}
