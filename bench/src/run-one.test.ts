import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Options } from './options.js'
import { runOne } from './run-one.js'
import { SCENARIOS } from './scenarios.js'
import { baselineTarget } from './targets/baseline.js'
import type { Target } from './targets/target.js'

// End to end on 127.0.0.1: the generator drives the baseline target in every mode and every event
// gets its reply. Short windows keep this fast; nothing asserts a duration.

const options: Options = {
  quick: true,
  rounds: 1,
  warmupMs: 100,
  measureMs: 300,
  stallMs: 2000,
  readyTimeoutMs: 10_000,
  idleBots: 20,
  scenarios: [],
  targets: [],
  out: undefined,
  from: undefined,
}

describe('runOne against the baseline', () => {
  for (const scenario of SCENARIOS.filter((s) => s.kind === 'load')) {
    it(`${scenario.id}: replies to every event and measures the target`, async () => {
      const record = await runOne(scenario, baselineTarget, 1, options)
      assert.equal(record.status, 'ok', record.reason)
      assert.equal(record.lost, 0)
      assert.equal(record.duplicates, 0)
      assert.ok((record.replies ?? 0) > 0)
      assert.ok(record.p50 !== undefined && record.p99! >= record.p50)
      assert.ok(record.cpuMsPerEvent !== undefined && record.cpuMsPerEvent >= 0)
      assert.ok((record.peakRssMiB ?? 0) > 0)
      assert.ok((record.startupMs ?? 0) > 0)
    })
  }

  it('idle: connects every bot and reports RSS per bot', async () => {
    const idle = SCENARIOS.find((s) => s.kind === 'idle')!
    const record = await runOne(idle, baselineTarget, 1, options)
    assert.equal(record.status, 'ok', record.reason)
    assert.equal(record.idleBots, 20)
    assert.ok(record.rssPerBotKiB !== undefined && Number.isFinite(record.rssPerBotKiB))
  })

  it('skips a mode the target does not speak, and reports a target that dies instead of crashing', async () => {
    const v11Only: Target = { ...baselineTarget, modes: ['v11-rws'] }
    const v12 = SCENARIOS.find((s) => s.mode === 'v12-rws')!
    assert.equal((await runOne(v12, v11Only, 1, options)).status, 'skipped')
    const dying: Target = {
      ...baselineTarget,
      start: (setup) => baselineTarget.start({ ...setup, port: -1 }),
    }
    const record = await runOne(SCENARIOS[0]!, dying, 1, options)
    assert.equal(record.status, 'failed')
    assert.match(record.reason ?? '', /target exited/)
  })
})
