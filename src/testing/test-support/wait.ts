/**
 * Waiting helpers shared by the adapter and simulator tests. Test-only code: waits are bounded so
 * a broken test fails with a named reason instead of at the runner's timeout, and nothing here
 * asserts on elapsed time.
 */

/** Values in arrival order, with an awaitable `next()`. */
export class Inbox<T> {
  readonly items: T[] = []
  #taken = 0
  #waiters: Array<() => void> = []

  push(item: T): void {
    this.items.push(item)
    for (const wake of this.#waiters.splice(0)) wake()
  }

  /** The next item (matching `accept`, skipping others), waiting up to `timeoutMs`. */
  async next(accept: (item: T) => boolean = () => true, timeoutMs = 3000): Promise<T> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      while (this.#taken < this.items.length) {
        const item = this.items[this.#taken++] as T
        if (accept(item)) return item
      }
      const left = deadline - Date.now()
      if (left <= 0)
        throw new Error(`inbox: nothing matching within ${timeoutMs} ms (got ${this.items.length} items)`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.#waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
  }
}

/** Polls `check` on the event loop until it holds; fails naming `what` after about 5 s. */
export async function until(check: () => boolean, what = 'condition'): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (check()) return
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  throw new Error(`timed out waiting for ${what}`)
}
