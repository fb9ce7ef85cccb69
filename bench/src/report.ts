import type { RunRecord } from './run-one.js'
import { SCENARIOS } from './scenarios.js'
import { median } from './stats.js'
import type { Target } from './targets/index.js'

// Medians over rounds per (scenario, target), throughput ratios to Koishi and to the baseline, and
// the Markdown tables printed at the end of a run (and pasted into README.md).

export interface Summary {
  scenario: string
  target: string
  okRounds: number
  rounds: number
  reason?: string
  throughput?: number
  p50?: number
  p90?: number
  p99?: number
  max?: number
  /** Lost events summed over all rounds. */
  lost?: number
  cpuMsPerEvent?: number
  peakRssMiB?: number
  generatorLoad?: number
  rssBeforeMiB?: number
  rssAfterMiB?: number
  rssPerBotKiB?: number
  idleBots?: number
  vsKoishi?: number
  vsBaseline?: number
}

export interface StartupSummary {
  target: string
  samples: number
  medianMs?: number
  minMs?: number
  maxMs?: number
}

type NumericKey = {
  [K in keyof RunRecord & keyof Summary]-?: RunRecord[K] extends number | undefined ? K : never
}[keyof RunRecord & keyof Summary]

const MEDIAN_KEYS: NumericKey[] = [
  'throughput',
  'p50',
  'p90',
  'p99',
  'max',
  'cpuMsPerEvent',
  'peakRssMiB',
  'generatorLoad',
  'rssBeforeMiB',
  'rssAfterMiB',
  'rssPerBotKiB',
  'idleBots',
]

export function summarise(records: readonly RunRecord[], targets: readonly Target[]): Summary[] {
  const summaries: Summary[] = []
  for (const scenario of SCENARIOS) {
    for (const target of targets) {
      const runs = records.filter((r) => r.scenario === scenario.id && r.target === target.name)
      if (runs.length === 0) continue
      const ok = runs.filter((r) => r.status === 'ok')
      const summary: Summary = {
        scenario: scenario.id,
        target: target.name,
        okRounds: ok.length,
        rounds: runs.length,
      }
      const notOk = runs.find((r) => r.status !== 'ok')
      if (notOk?.reason !== undefined) summary.reason = `${notOk.status}: ${notOk.reason}`
      for (const key of MEDIAN_KEYS) summary[key] = median(ok.map((r) => r[key]))
      if (ok.length > 0) summary.lost = ok.reduce((sum, r) => sum + (r.lost ?? 0), 0)
      summaries.push(summary)
    }
  }
  for (const summary of summaries) {
    const of = (name: string) => summaries.find((s) => s.scenario === summary.scenario && s.target === name)
    const koishi = of('koishi')?.throughput
    const baseline = of('baseline')?.throughput
    if (summary.throughput !== undefined && koishi) summary.vsKoishi = summary.throughput / koishi
    if (summary.throughput !== undefined && baseline) summary.vsBaseline = summary.throughput / baseline
  }
  return summaries
}

export function summariseStartup(
  records: readonly RunRecord[],
  targets: readonly Target[],
): StartupSummary[] {
  // Load runs only: the idle run configures Koishi with 1,001 bot plugins, which is not start-up.
  const reverseWs = new Set(
    SCENARIOS.filter((s) => s.mode === 'v11-rws' && s.kind === 'load').map((s) => s.id),
  )
  return targets.map((target) => {
    const times = records
      .filter((r) => r.target === target.name && r.status === 'ok' && reverseWs.has(r.scenario))
      .map((r) => r.startupMs)
      .filter((ms): ms is number => ms !== undefined)
    return {
      target: target.name,
      samples: times.length,
      medianMs: median(times),
      minMs: times.length ? Math.min(...times) : undefined,
      maxMs: times.length ? Math.max(...times) : undefined,
    }
  })
}

export function renderTables(summaries: readonly Summary[], startup: readonly StartupSummary[]): string {
  const out: string[] = []
  out.push(
    '| scenario | target | ev/s | p50 ms | p90 ms | p99 ms | max ms | lost | CPU ms/ev | peak RSS MiB | vs Koishi | vs baseline | gen load |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  )
  for (const s of summaries) {
    const scenario = SCENARIOS.find((x) => x.id === s.scenario)!
    if (scenario.kind !== 'load' || isSkipped(s)) continue
    if (s.okRounds === 0) {
      out.push(`| ${s.scenario} | ${s.target} | ${s.reason?.split('\n')[0] ?? 'no data'} |||||||||||`)
      continue
    }
    const rounds = s.okRounds < s.rounds ? ` (${s.okRounds}/${s.rounds} rounds)` : ''
    out.push(
      `| ${s.scenario} | ${s.target}${rounds} | ${fmt(s.throughput, 0)} | ${fmt(s.p50, 2)} | ${fmt(s.p90, 2)} | ` +
        `${fmt(s.p99, 2)} | ${fmt(s.max, 1)} | ${s.lost ?? ''} | ${fmt(s.cpuMsPerEvent, 3)} | ` +
        `${fmt(s.peakRssMiB, 0)} | ${ratio(s.vsKoishi)} | ${percent(s.vsBaseline)} | ${percent(s.generatorLoad)} |`,
    )
  }
  out.push(
    '',
    '| idle bots | target | RSS, 1 bot MiB | RSS, all bots MiB | growth KiB/bot |',
    '|--:|---|--:|--:|--:|',
  )
  for (const s of summaries) {
    if (SCENARIOS.find((x) => x.id === s.scenario)?.kind !== 'idle' || isSkipped(s)) continue
    if (s.okRounds === 0) {
      out.push(`| | ${s.target} | ${s.reason?.split('\n')[0] ?? 'no data'} | | |`)
      continue
    }
    out.push(
      `| ${fmt(s.idleBots, 0)} | ${s.target} | ${fmt(s.rssBeforeMiB, 1)} | ${fmt(s.rssAfterMiB, 1)} | ` +
        `${fmt(s.rssPerBotKiB, 1)} |`,
    )
  }
  out.push('', '| start-up to listening | median ms | min ms | max ms | samples |', '|---|--:|--:|--:|--:|')
  for (const s of startup) {
    if (s.samples === 0) continue
    out.push(
      `| ${s.target} | ${fmt(s.medianMs, 0)} | ${fmt(s.minMs, 0)} | ${fmt(s.maxMs, 0)} | ${s.samples} |`,
    )
  }
  return out.join('\n')
}

/** Skipped everywhere (target unavailable, mode unsupported): listed as a note, not a table row. */
function isSkipped(s: Summary): boolean {
  return s.okRounds === 0 && s.reason?.startsWith('skipped') === true
}

function fmt(value: number | undefined, digits: number): string {
  return value === undefined
    ? ''
    : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
}

function ratio(value: number | undefined): string {
  return value === undefined ? '' : `${value.toFixed(value < 10 ? 2 : 1)}x`
}

function percent(value: number | undefined): string {
  return value === undefined ? '' : `${Math.round(value * 100)}%`
}
