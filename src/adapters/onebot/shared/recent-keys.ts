/**
 * A set of recently seen keys that forget after `ttlMs` (never, with `Infinity`), bounded to the
 * last `maxSize` entries. Used by both versions to drop duplicate deliveries (HTTP POST / webhook
 * retries, the same event over two channels). Expired keys and the oldest beyond `maxSize` are
 * swept from the front on insert, so every operation is amortised O(1).
 */
export class RecentKeys {
  readonly #seen = new Map<string, number>()

  constructor(
    private readonly ttlMs: number,
    private readonly maxSize = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records `key`; returns true when it was already seen within the TTL. */
  seen(key: string): boolean {
    const now = this.now()
    const expiry = this.#seen.get(key)
    if (expiry !== undefined && expiry > now) return true
    if (expiry !== undefined) this.#seen.delete(key)
    this.#seen.set(key, now + this.ttlMs)
    this.#sweep(now)
    return false
  }

  get size(): number {
    return this.#seen.size
  }

  #sweep(now: number): void {
    for (const [key, expiry] of this.#seen) {
      if (expiry > now && this.#seen.size <= this.maxSize) break
      this.#seen.delete(key)
    }
  }
}
