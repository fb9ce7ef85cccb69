import { parseArgs } from 'node:util'
import { SCENARIOS } from './scenarios.js'
import { TARGETS } from './targets/index.js'

export interface Options {
  rounds: number
  warmupMs: number
  measureMs: number
  stallMs: number
  readyTimeoutMs: number
  idleBots: number
  scenarios: string[]
  targets: string[]
  out: string | undefined
  quick: boolean
  /** Re-render the tables of an earlier results file instead of running. */
  from: string | undefined
}

const USAGE = `npm run bench -- [options]
  --quick              1 round, 0.3 s warm-up, 1 s measured, 200 idle bots (about 1 minute)
  --rounds <n>         rounds, targets interleaved within each (default 3)
  --warmup <ms>        warm-up per run (default 1500)
  --measure <ms>       measured window per run (default 4000)
  --idle-bots <n>      idle bots in the idle scenario (default 1000)
  --scenarios <ids>    comma-separated, from: ${SCENARIOS.map((s) => s.id).join(', ')}
  --targets <names>    comma-separated, from: ${TARGETS.map((t) => t.name).join(', ')}
  --out <file>         JSON output (default results/<timestamp>.json)
  --from <file>        print the tables of an earlier results JSON, without running`

export function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      rounds: { type: 'string' },
      warmup: { type: 'string' },
      measure: { type: 'string' },
      'idle-bots': { type: 'string' },
      scenarios: { type: 'string' },
      targets: { type: 'string' },
      out: { type: 'string' },
      from: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) {
    console.log(USAGE)
    process.exit(0)
  }
  const quick = values.quick === true
  const options: Options = {
    quick,
    rounds: int(values.rounds, quick ? 1 : 3),
    warmupMs: int(values.warmup, quick ? 300 : 1500),
    measureMs: int(values.measure, quick ? 1000 : 4000),
    stallMs: 3000,
    readyTimeoutMs: 20_000,
    idleBots: int(values['idle-bots'], quick ? 200 : 1000),
    scenarios: list(
      values.scenarios,
      SCENARIOS.map((s) => s.id),
    ),
    targets: list(
      values.targets,
      TARGETS.map((t) => t.name),
    ),
    out: values.out,
    from: values.from,
  }
  for (const id of options.scenarios) if (!SCENARIOS.some((s) => s.id === id)) fail(`unknown scenario ${id}`)
  for (const name of options.targets)
    if (!TARGETS.some((t) => t.name === name)) fail(`unknown target ${name}`)
  return options
}

function int(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) fail(`not a whole number: ${value}`)
  return n
}

function list(value: string | undefined, fallback: string[]): string[] {
  return value === undefined
    ? fallback
    : value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
}

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`)
  process.exit(2)
}
