/**
 * Time as the services see it: the store's TTLs and the scheduler's runs. The app uses the real
 * clock; the test kit a `FakeClock` that tests move forward (`t.clock.advance('1d')`).
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  /**
   * Calls `fn` at `at` (ms since the epoch; at once when already past). Returns the cancel.
   * A fake clock awaits the promise `fn` returns before it moves on.
   */
  setTimer(at: number, fn: () => void | Promise<void>): () => void
}

// setTimeout's longest delay (about 24.8 days); longer waits are chained.
const MAX_DELAY = 2_147_483_647

/** `Date.now()` and unref'd `setTimeout`s (a waiting job never keeps the process alive). */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimer(at, fn) {
    let timer: NodeJS.Timeout | undefined
    const arm = () => {
      const delay = at - Date.now()
      if (delay > MAX_DELAY) {
        timer = setTimeout(arm, MAX_DELAY)
      } else {
        timer = setTimeout(() => void fn(), Math.max(0, delay))
      }
      timer.unref?.()
    }
    arm()
    return () => clearTimeout(timer)
  },
}
