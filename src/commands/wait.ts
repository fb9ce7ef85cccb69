/** `3h 2m`, `45s`: a wait as people read it (rounded up to the second, two units at most). */
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
