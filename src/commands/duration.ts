/** A length of time: milliseconds, or text such as `'500ms'`, `'10s'`, `'5m'`, `'2h'`, `'1d'`. */
export type Duration = number | `${number}${'ms' | 's' | 'm' | 'h' | 'd'}`

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** Milliseconds in `duration`; throws a `RangeError` naming the text when it is not one. */
export function durationMs(duration: number | string): number {
  if (typeof duration === 'number') {
    if (Number.isFinite(duration) && duration >= 0) return duration
  } else {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(duration)
    if (m) return Number(m[1]) * UNITS[m[2]!]!
  }
  throw new RangeError(`"${duration}" is not a duration (use milliseconds or text such as 10s, 5m, 2h, 1d)`)
}

/** `3h 2m`, `45s`: a wait as people read it (rounded up to the second). */
export function formatWait(ms: number): string {
  let s = Math.max(1, Math.ceil(ms / 1000))
  const parts: string[] = []
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (s >= size) {
      parts.push(`${Math.floor(s / size)}${unit}`)
      s %= size
    }
  }
  if (s > 0 || parts.length === 0) parts.push(`${s}s`)
  return parts.slice(0, 2).join(' ')
}
