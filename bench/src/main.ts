import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describeMachine } from './machine.js'
import { parseOptions } from './options.js'
import { renderTables, summarise, summariseStartup } from './report.js'
import { type RunRecord, runOne } from './run-one.js'
import { SCENARIOS } from './scenarios.js'
import { TARGETS } from './targets/index.js'
import { BENCH_DIR } from './targets/target.js'

// `npm run bench`: every scenario against every target, targets interleaved within each round
// (their order rotating from round to round), then medians per (scenario, target).

const options = parseOptions(process.argv.slice(2))
if (options.from !== undefined) {
  printEarlier(options.from)
  process.exit(0)
}
const targets = TARGETS.filter((t) => options.targets.includes(t.name))
const scenarios = SCENARIOS.filter((s) => options.scenarios.includes(s.id))
const machine = describeMachine()
const startedAt = new Date()

console.log(
  `nonebot-ts bench: ${scenarios.length} scenarios x ${targets.length} targets x ${options.rounds} rounds ` +
    `(warm-up ${options.warmupMs} ms, measured ${options.measureMs} ms)\n` +
    `machine: ${machine.cpus} x ${machine.cpuModel}, node ${machine.node}`,
)
for (const target of targets) {
  const reason = target.unavailable()
  if (reason !== undefined) console.log(`  ${target.name}: ${reason}; skipped`)
}

const records: RunRecord[] = []
// A target that never came up in a mode is not retried in later rounds (a missing route would
// otherwise cost the ready timeout again and again).
const brokenModes = new Map<string, string>()
for (let round = 1; round <= options.rounds; round++) {
  for (const scenario of scenarios) {
    const shift = (round - 1) % targets.length
    const order = [...targets.slice(shift), ...targets.slice(0, shift)]
    for (const target of order) {
      if (target.unavailable() !== undefined || !target.modes.includes(scenario.mode)) {
        records.push(await runOne(scenario, target, round, options))
        continue
      }
      const broken = brokenModes.get(`${target.name} ${scenario.mode}`)
      if (broken !== undefined) {
        const reason = `not retried: ${scenario.mode} failed to start in an earlier run (${broken})`
        records.push({ round, scenario: scenario.id, target: target.name, status: 'skipped', reason })
        continue
      }
      process.stdout.write(
        `round ${round}/${options.rounds}  ${scenario.id.padEnd(11)} ${target.name.padEnd(11)} `,
      )
      const record = await runOne(scenario, target, round, options)
      records.push(record)
      console.log(describe(record))
      if (record.status === 'failed' && record.startupMs === undefined) {
        brokenModes.set(`${target.name} ${scenario.mode}`, record.reason?.split('\n')[0] ?? 'unknown')
      }
    }
  }
}

const summaries = summarise(records, targets)
const startup = summariseStartup(records, targets)
const tables = renderTables(summaries, startup)
const durationS = (Date.now() - startedAt.getTime()) / 1000
console.log(`\n${startedAt.toISOString()}, ${machine.cpus} x ${machine.cpuModel}, node ${machine.node}\n`)
console.log(tables)
const skipped = summaries.filter((s) => s.okRounds === 0 && s.reason?.startsWith('skipped'))
const notes = [...new Set(skipped.map((s) => `${s.target}: ${s.reason}`))]
if (notes.length > 0) console.log('\n' + notes.map((n) => `- ${n}`).join('\n'))
console.log(`\nfinished in ${durationS.toFixed(0)} s`)

const out = options.out ?? join(BENCH_DIR, 'results', `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`)
mkdirSync(join(out, '..'), { recursive: true })
writeFileSync(
  out,
  JSON.stringify({ startedAt, durationS, machine, options, summaries, startup, records }, null, 2) + '\n',
)
console.log(`results: ${out}`)

function describe(r: RunRecord): string {
  if (r.status !== 'ok') return `${r.status}: ${r.reason}`
  const startup = r.startupMs === undefined ? '' : `start ${r.startupMs.toFixed(0)} ms  `
  if (r.rssPerBotKiB !== undefined)
    return `${startup}+${r.rssPerBotKiB.toFixed(1)} KiB/bot (${r.idleBots} bots)`
  return (
    `${startup}${(r.throughput ?? 0).toFixed(0)} ev/s  p99 ${r.p99?.toFixed(2)} ms  lost ${r.lost}  ` +
    `cpu ${r.cpuMsPerEvent?.toFixed(3)} ms/ev  gen ${Math.round((r.generatorLoad ?? 0) * 100)}%` +
    (r.apiConnections === undefined ? '' : `  tcp: api ${r.apiConnections}, events ${r.eventConnections}`)
  )
}

function printEarlier(file: string): void {
  const saved = JSON.parse(readFileSync(file, 'utf8')) as {
    startedAt: string
    machine: { cpus: number; cpuModel: string; node: string }
    records: RunRecord[]
  }
  const names = new Set(saved.records.map((r) => r.target))
  const ran = TARGETS.filter((t) => names.has(t.name))
  const { machine } = saved
  console.log(`${saved.startedAt}, ${machine.cpus} x ${machine.cpuModel}, node ${machine.node}\n`)
  console.log(renderTables(summarise(saved.records, ran), summariseStartup(saved.records, ran)))
}
