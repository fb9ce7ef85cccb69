/**
 * Edit distance with adjacent transpositions (optimal string alignment), so `ehco` is one edit
 * from `echo`.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1
  const cols = b.length + 1
  const d: number[] = new Array(rows * cols).fill(0)
  for (let i = 0; i < rows; i++) d[i * cols] = i
  for (let j = 0; j < cols; j++) d[j] = j
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let v = Math.min(
        d[(i - 1) * cols + j]! + 1,
        d[i * cols + j - 1]! + 1,
        d[(i - 1) * cols + j - 1]! + cost,
      )
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[(i - 2) * cols + j - 2]! + 1)
      d[i * cols + j] = v
    }
  }
  return d[rows * cols - 1]!
}

/** The nearest name to `typed`, when it is close enough (a third of its length, at least one edit). */
export function suggestCommand(typed: string, names: readonly string[]): string | undefined {
  const lower = typed.toLowerCase()
  const limit = Math.max(1, Math.floor(lower.length / 3))
  let best: string | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  for (const name of names) {
    const distance = editDistance(lower, name.toLowerCase())
    if (distance < bestDistance || (distance === bestDistance && best !== undefined && name < best)) {
      best = name
      bestDistance = distance
    }
  }
  return best !== typed && bestDistance <= limit ? best : undefined
}
