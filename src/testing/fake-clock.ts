import { type Duration, durationMs } from '../config/duration.js'
import type { Clock } from '../scheduler/clock.js'

interface Timer {
  readonly at: number
  readonly seq: number
  readonly fn: () => void | Promise<void>
}

/**
 * A clock that only moves when told: the test kit gives one to the app (`t.clock`), so scheduled
 * jobs and TTLs are tested without waiting. `advance` runs every timer that falls due, in time
 * order, with `now()` set to each one's time, and waits for each job to finish before the next.
 * @example
 * const t = await createTestApp({ plugins: [daily], now: '2026-03-01T07:59:00Z' })
 * await t.clock.advance('1m')   // the 08:00 job runs
 * t.shouldCallApi('send_group_msg')
 */
export class FakeClock implements Clock {
  #now: number
  #seq = 0
  readonly #timers = new Set<Timer>()

  constructor(start: Date | string | number = Date.now()) {
    this.#now = new Date(start).getTime()
    if (Number.isNaN(this.#now)) throw new RangeError(`FakeClock: not a date: ${String(start)}`)
  }

  now(): number {
    return this.#now
  }

  setTimer(at: number, fn: () => void | Promise<void>): () => void {
    const timer: Timer = { at, seq: this.#seq++, fn }
    this.#timers.add(timer)
    return () => this.#timers.delete(timer)
  }

  /** Moves time forward by a duration (`'1d'`, `'90m'`, ms), running what falls due on the way. */
  advance(duration: Duration): Promise<void> {
    return this.advanceTo(this.#now + durationMs(duration, 'clock.advance'))
  }

  /** Moves time forward to `date`, running what falls due on the way. `advance(0)` runs what is due now. */
  async advanceTo(date: Date | string | number): Promise<void> {
    const target = new Date(date).getTime()
    if (Number.isNaN(target) || target < this.#now) {
      throw new RangeError(
        `FakeClock: cannot go back from ${new Date(this.#now).toISOString()} to ${String(date)}`,
      )
    }
    for (;;) {
      const next = this.#due(target)
      if (!next) break
      this.#timers.delete(next)
      this.#now = Math.max(this.#now, next.at)
      await next.fn()
    }
    // A job may have moved the clock further itself (an advance inside a run).
    this.#now = Math.max(this.#now, target)
  }

  /** How many timers wait (scheduled jobs' next runs). */
  get pending(): number {
    return this.#timers.size
  }

  #due(target: number): Timer | undefined {
    let first: Timer | undefined
    for (const timer of this.#timers) {
      if (timer.at > target) continue
      if (!first || timer.at < first.at || (timer.at === first.at && timer.seq < first.seq)) first = timer
    }
    return first
  }
}
