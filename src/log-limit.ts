/**
 * Rate limits one kind of log line per key (a peer's address, a bot): the first line of a window
 * goes out, later ones are only counted, and the next line that goes out says how many were held
 * back. A flood of bad attempts then costs one line per key per window, not one per attempt.
 * Keys are bounded: past `maxKeys`, the oldest is forgotten.
 */
export class LogLimiter {
  readonly #windowMs: number
  readonly #maxKeys: number
  readonly #keys = new Map<string, { until: number; held: number }>()

  constructor(windowMs = 60_000, maxKeys = 1024) {
    this.#windowMs = windowMs
    this.#maxKeys = maxKeys
  }

  /**
   * Whether to log for `key` now: `undefined` to stay quiet (counted), otherwise the number of
   * lines held back for this key since its last line.
   */
  take(key: string, now = Date.now()): number | undefined {
    const entry = this.#keys.get(key)
    if (entry && now < entry.until) {
      entry.held++
      return undefined
    }
    const held = entry?.held ?? 0
    this.#keys.delete(key)
    if (this.#keys.size >= this.#maxKeys) this.#keys.delete(this.#keys.keys().next().value!)
    this.#keys.set(key, { until: now + this.#windowMs, held: 0 })
    return held
  }
}

/** ` (and 12 more like it in the last 60 s)`, or nothing. */
export function heldBack(count: number, windowMs = 60_000): string {
  return count > 0 ? ` (and ${count} more like it in the last ${Math.round(windowMs / 1000)} s)` : ''
}
