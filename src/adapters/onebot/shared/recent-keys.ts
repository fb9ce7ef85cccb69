/**
 * A set of recently seen keys, used by both versions to drop duplicate deliveries (HTTP POST /
 * webhook retries, the same event over two channels).
 *
 * Keys live in a ring of generations, each a plain `Set`: lookups check every generation, inserts
 * go to the newest, and forgetting is dropping the oldest generation whole. So the hot path never
 * iterates or deletes single entries (a `Map` swept from the front was the most expensive step of
 * the event path in the profile), and memory stays bounded by `maxSize`.
 *
 * With a TTL, generations last `ttlMs / 2` and three are kept: a key is remembered for at least
 * `ttlMs` and at most `1.5 × ttlMs`. Without one (`Infinity`), two generations of `maxSize / 2`
 * keep roughly the last `maxSize` keys. A full generation rotates early, so under a flood keys
 * are forgotten sooner rather than memory growing.
 */
export class RecentKeys {
  readonly #generations: Set<string>[]
  readonly #generationMs: number
  readonly #capacity: number
  #start: number

  constructor(
    ttlMs: number,
    maxSize = 10_000,
    private readonly now: () => number = Date.now,
  ) {
    const count = Number.isFinite(ttlMs) ? 3 : 2
    this.#generations = Array.from({ length: count }, () => new Set<string>())
    this.#generationMs = Number.isFinite(ttlMs) ? Math.max(1, ttlMs / 2) : Number.POSITIVE_INFINITY
    this.#capacity = Math.max(1, Math.ceil(maxSize / count))
    this.#start = Number.isFinite(ttlMs) ? now() : 0
  }

  /** Records `key`; returns true when it was already seen within the TTL. */
  seen(key: string): boolean {
    if (this.#generationMs !== Number.POSITIVE_INFINITY) this.#age(this.now())
    const generations = this.#generations
    for (let i = 0; i < generations.length; i++) if (generations[i]!.has(key)) return true
    let newest = generations[0]!
    if (newest.size >= this.#capacity) newest = this.#rotate()
    newest.add(key)
    return false
  }

  get size(): number {
    let size = 0
    for (const generation of this.#generations) size += generation.size
    return size
  }

  /** Drops the generations that are older than the TTL allows. */
  #age(now: number): void {
    const elapsed = Math.floor((now - this.#start) / this.#generationMs)
    if (elapsed <= 0) return
    const drops = Math.min(elapsed, this.#generations.length)
    for (let i = 0; i < drops; i++) this.#rotate()
    this.#start += elapsed * this.#generationMs
  }

  /** Starts a new newest generation, forgetting the oldest. */
  #rotate(): Set<string> {
    const fresh = new Set<string>()
    this.#generations.pop()
    this.#generations.unshift(fresh)
    return fresh
  }
}
