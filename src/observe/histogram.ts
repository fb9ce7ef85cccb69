/** Upper bounds in ms, Prometheus-style: from a fast handler (0.5 ms) to a slow API call (30 s). */
export const BUCKETS_MS = [0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000] as const

/**
 * A fixed-bucket histogram: `observe` is a short scan and two additions, no allocation, so it can
 * sit on the event path. Metrics export it as a Prometheus histogram; the console reads quantiles.
 */
export class Histogram {
  /** Per bucket (not cumulative); the last slot is +Inf. */
  readonly counts = new Float64Array(BUCKETS_MS.length + 1)
  count = 0
  sum = 0

  observe(ms: number): void {
    let i = 0
    while (i < BUCKETS_MS.length && ms > BUCKETS_MS[i]!) i++
    this.counts[i]!++
    this.count++
    this.sum += ms
  }

  /** An upper bound of the `q` quantile (the bucket it falls in); undefined without data. */
  quantile(q: number): number | undefined {
    if (this.count === 0) return undefined
    const rank = q * this.count
    let seen = 0
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]!
      if (seen >= rank) return BUCKETS_MS[i] ?? Number.POSITIVE_INFINITY
    }
    return Number.POSITIVE_INFINITY
  }

  mean(): number | undefined {
    return this.count === 0 ? undefined : this.sum / this.count
  }
}
