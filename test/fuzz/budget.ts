/**
 * The fuzz budget and figures. `npm test` runs each property a few hundred times; `npm run fuzz`
 * sets FUZZ_RUNS (20,000 by default there) and prints, per surface, the inputs tried, the failures
 * and the slowest input's time per KiB (inputs of 4 KiB or more after a warm-up, so timer and JIT noise do not count).
 */
import fc from 'fast-check'

export const RUNS = Number(process.env.FUZZ_RUNS ?? 150)
/** A test's time limit grows with the budget (the long run is slow by design). */
export const TIMEOUT_MS = 15_000 + RUNS * 100
/** Longest generated input, in characters: long enough to expose a worse-than-linear parser. */
export const MAX_LENGTH = Number(process.env.FUZZ_MAX_LENGTH ?? (RUNS > 1000 ? 256 * 1024 : 32 * 1024))

interface Figures {
  inputs: number
  slowestMsPerKiB: number
  slowestSize: number
}

const figures = new Map<string, Figures>()
const WARMUP = 30

/** Runs `check` on one input, timing it; the time counts when the input is at least 4 KiB. */
export function timed<T>(surface: string, size: number, check: () => T): T {
  const entry = figures.get(surface) ?? { inputs: 0, slowestMsPerKiB: 0, slowestSize: 0 }
  figures.set(surface, entry)
  entry.inputs++
  const start = performance.now()
  const result = check()
  const ms = performance.now() - start
  // The first inputs of a surface pay for the JIT compiling it: they do not count.
  if (entry.inputs > WARMUP && size >= 4096 && ms / (size / 1024) > entry.slowestMsPerKiB) {
    entry.slowestMsPerKiB = ms / (size / 1024)
    entry.slowestSize = size
  }
  return result
}

/** fast-check with the budget; a failure throws with the shrunk counterexample. */
export function check<Ts extends [unknown, ...unknown[]]>(...args: Parameters<typeof fc.property<Ts>>): void {
  fc.assert(fc.property(...args), { numRuns: RUNS })
}

/** Strings from `alphabet` pieces, from empty to MAX_LENGTH, plus one piece repeated to a long run. */
export function textOf(pieces: readonly string[]): fc.Arbitrary<string> {
  const piece = fc.constantFrom(...pieces)
  return fc.oneof(
    fc.array(piece, { maxLength: 64 }).map((parts) => parts.join('')),
    fc
      .tuple(fc.array(piece, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: MAX_LENGTH / 4 }))
      .map(([parts, times]) => parts.join('').repeat(times).slice(0, MAX_LENGTH)),
    fc.string({ maxLength: 256 }),
  )
}

export function printFigures(): void {
  if (figures.size === 0) return
  const rows = [...figures].map(
    ([surface, f]) =>
      `| ${surface} | ${f.inputs} | 0 | ${f.slowestMsPerKiB.toFixed(4)} ms/KiB (${(f.slowestSize / 1024).toFixed(0)} KiB input) |`,
  )
  console.log(
    [
      `fuzz figures (FUZZ_RUNS=${RUNS}, inputs up to ${MAX_LENGTH / 1024} KiB):`,
      '| surface | inputs | failures | slowest time per KiB |',
      '| --- | --- | --- | --- |',
      ...rows,
    ].join('\n'),
  )
}
