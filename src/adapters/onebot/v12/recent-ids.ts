/**
 * The last `capacity` event keys seen, to drop duplicates: webhook retries after a timeout, or the
 * same bot configured on two channels (webhook and WebSocket) deliver an event twice, and V12
 * events carry a unique `id`. A ring buffer plus a set: O(1) per event, bounded memory.
 */
export class RecentIds {
  readonly #seen = new Set<string>()
  readonly #ring: (string | undefined)[]
  #next = 0

  constructor(capacity = 4096) {
    this.#ring = new Array<string | undefined>(capacity)
  }

  /** Records `key`; returns false when it was already recorded (a duplicate). */
  add(key: string): boolean {
    if (this.#seen.has(key)) return false
    const evicted = this.#ring[this.#next]
    if (evicted !== undefined) this.#seen.delete(evicted)
    this.#ring[this.#next] = key
    this.#next = (this.#next + 1) % this.#ring.length
    this.#seen.add(key)
    return true
  }
}
