import type { Logger } from 'pino'

export interface LogRateLimitOptions {
  /** One line per key per window; the rest are counted. @default 60_000 */
  readonly windowMs?: number
  /** Keys remembered at once; past it the oldest is forgotten (its count is reported first). @default 1000 */
  readonly maxKeys?: number
  /**
   * What this limiter's lines report, for the `refused_total` metric (every call counts, shown or
   * held back). A fixed word per limiter keeps the metric's labels bounded. @default 'refused'
   */
  readonly reason?: string
}

/** Calls of every limiter's `log`, by reason: how many refusals and drops happened. */
const counts = new Map<string, number>()

/** Refusals and drops counted so far, by reason. */
export function refusalCounts(): ReadonlyMap<string, number> {
  return counts
}

interface Entry {
  readonly until: number
  suppressed: number
  /** The last suppressed line, reported with the count when the window ends. */
  last: (() => void) | undefined
  timer: NodeJS.Timeout | undefined
}

type Level = 'warn' | 'info' | 'error' | 'debug'

/**
 * Rate-limits repeated log lines per key (a peer address plus what happened): the first line of a
 * window is written at once, later ones are only counted, and when the window ends one line says
 * how many were held back. A flood of refusals from one peer thus costs one line a minute, while
 * another peer's first refusal still shows. Memory is bounded by `maxKeys`.
 *
 * @example
 * const refusals = new LogRateLimiter()
 * refusals.log(logger, 'warn', `${address}:bad-token`, `refused ${address}: wrong token`)
 */
export class LogRateLimiter {
  readonly #windowMs: number
  readonly #maxKeys: number
  readonly #entries = new Map<string, Entry>()
  readonly #reason: string

  constructor(options: LogRateLimitOptions = {}) {
    this.#windowMs = options.windowMs ?? 60_000
    this.#maxKeys = options.maxKeys ?? 1000
    this.#reason = options.reason ?? 'refused'
  }

  /** Keys with a window open (for tests and metrics). */
  get size(): number {
    return this.#entries.size
  }

  /** Writes `message` at `level` unless a line with this key was written in the current window. */
  log(logger: Logger, level: Level, key: string, message: string): void {
    counts.set(this.#reason, (counts.get(this.#reason) ?? 0) + 1)
    if (!logger.isLevelEnabled(level)) return
    const now = Date.now()
    const entry = this.#entries.get(key)
    if (entry && now < entry.until) {
      entry.suppressed++
      entry.last = () =>
        logger[level](`${message} (the last of ${entry.suppressed} held back in ${this.#window()})`)
      entry.timer ??= setTimeout(() => this.#flush(key, entry), entry.until - now).unref()
      return
    }
    if (entry) this.#flush(key, entry)
    this.#make(key, now)
    logger[level](message)
  }

  /** Reports every held-back count now (before shutdown) and forgets all keys. */
  flush(): void {
    for (const [key, entry] of [...this.#entries]) this.#flush(key, entry)
  }

  #make(key: string, now: number): void {
    if (this.#entries.size >= this.#maxKeys) {
      const oldest = this.#entries.entries().next().value
      if (oldest) this.#flush(oldest[0], oldest[1])
    }
    this.#entries.set(key, { until: now + this.#windowMs, suppressed: 0, last: undefined, timer: undefined })
  }

  #flush(key: string, entry: Entry): void {
    if (entry.timer) clearTimeout(entry.timer)
    if (this.#entries.get(key) === entry) this.#entries.delete(key)
    const report = entry.last
    entry.last = undefined
    report?.()
  }

  #window(): string {
    return this.#windowMs % 1000 === 0 ? `${this.#windowMs / 1000} s` : `${this.#windowMs} ms`
  }
}
