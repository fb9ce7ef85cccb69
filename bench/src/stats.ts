/** Nearest-rank percentile of sorted samples (q in 0..1); undefined when there are none. */
export function percentile(sorted: Float64Array, q: number): number | undefined {
  if (sorted.length === 0) return undefined
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[rank]
}

/** Median of the defined values; undefined when there are none. */
export function median(values: readonly (number | undefined)[]): number | undefined {
  const defined = values
    .filter((v): v is number => v !== undefined && Number.isFinite(v))
    .sort((a, b) => a - b)
  if (defined.length === 0) return undefined
  const mid = defined.length >> 1
  return defined.length % 2 === 1 ? defined[mid] : (defined[mid - 1]! + defined[mid]!) / 2
}
