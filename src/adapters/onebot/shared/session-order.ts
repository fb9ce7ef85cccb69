/**
 * Keeps the events of one session in arrival order while some of them need asynchronous work
 * before dispatch (V11 fetches a quoted message with `get_msg`): each session's work runs after
 * the work queued before it. Sessions with nothing queued cost one size check.
 */
export class SessionOrder {
  readonly #tails = new Map<string, Promise<void>>()

  /** True when no session has work queued: the caller may dispatch at once. */
  get idle(): boolean {
    return this.#tails.size === 0
  }

  /** Runs `work` after the earlier work of session `key`; failures are the caller's to catch. */
  run(key: string, work: () => Promise<void>): Promise<void> {
    const previous = this.#tails.get(key)
    const result = previous ? previous.then(work) : work()
    const tail = result.catch(() => {})
    this.#tails.set(key, tail)
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key)
    })
    return result
  }
}
