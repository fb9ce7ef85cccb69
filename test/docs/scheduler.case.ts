import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, expect, test } from 'vitest'
import { definePlugin, type PluginScope } from '../../src/index.js'
import { createTestApp, type TestApp, v11Events as v11 } from '../../src/testing/index.js'
import { remind } from '../fixtures/plugins/remind.js'

/** Persistent jobs across restarts, on SQLite (npm test) and PostgreSQL (test:services). */
export function persistentJobsSuite(database: () => Record<string, unknown>): void {
  const apps: TestApp[] = []
  const root = mkdtempSync(join(tmpdir(), 'nbts-jobs-'))
  let serial = 0
  const fresh = () => ({ DATA_DIR: join(root, String(++serial)), ...database() })
  afterEach(async () => {
    for (const t of apps.splice(0)) await t.stop()
  })
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  test('a daily reminder survives a restart, and a run missed while down runs once at start', async () => {
    const config = fresh()
    // 07:00 in Shanghai.
    const first = await createTestApp({ plugins: [remind], config, now: '2026-03-01T23:00:00Z' })
    apps.push(first)
    await first.receive(v11.privateMessage({ text: '/remind 08:00 drink water', userId: 5 }))
    await first.clock.advance('1h')
    expect(first.replies()).toEqual(['Every day at 08:00: drink water', 'Reminder: drink water'])
    await first.app.stop()

    // Down over the next 08:00; back at 09:00 the day after.
    const second = await createTestApp({ plugins: [remind], config, now: '2026-03-03T01:00:00Z' })
    apps.push(second)
    // The restarted bot knows user 5 from its friend list (sendTo checks the bot can reach them).
    second.answer('get_friend_list', [{ user_id: 5, nickname: 'five', remark: '' }])
    await second.clock.advance(0)
    expect(second.replies()).toEqual(['Reminder: drink water'])
    await second.clock.advance('1d')
    expect(second.replies()).toEqual(['Reminder: drink water', 'Reminder: drink water'])
  })

  test('missed: skip waits for the next run; list, replace by id and cancel', async () => {
    const config = fresh()
    const runs: string[] = []
    const box: { ctx?: PluginScope } = {}
    const plugin = definePlugin({
      name: unique('jobs'),
      async setup(ctx) {
        box.ctx = ctx
        await ctx.jobs.define<{ n: bigint }>('tick', (data, job) => {
          runs.push(`${job.id}:${data.n}`)
        })
      },
    })
    const first = await createTestApp({ plugins: [plugin], config, now: '2026-03-01T00:00:00Z' })
    apps.push(first)
    const jobs = box.ctx!.jobs
    await jobs.add('tick', { id: 'a', every: '1h', data: { n: 2n ** 60n }, missed: 'skip' })
    await jobs.add('tick', { id: 'b', at: '2026-03-01T00:30:00Z', data: { n: 1n } })
    await jobs.add('tick', { id: 'c', every: '1h', data: { n: 3n }, missed: 'skip' })
    expect(await jobs.cancel('c')).toBe(true)
    expect((await jobs.list('tick')).map((j) => [j.id, j.nextRun.toISOString()])).toEqual([
      ['b', '2026-03-01T00:30:00.000Z'],
      ['a', '2026-03-01T01:00:00.000Z'],
    ])
    await first.clock.advance('1h')
    expect(runs).toEqual(['b:1', `a:${2n ** 60n}`])
    expect((await jobs.list()).map((j) => j.id)).toEqual(['a'])
    await first.app.stop()

    runs.length = 0
    const second = await createTestApp({ plugins: [plugin], config, now: '2026-03-01T05:30:00Z' })
    apps.push(second)
    await second.clock.advance(0)
    expect(runs).toEqual([])
    await second.clock.advance('30m')
    expect(runs).toEqual([`a:${2n ** 60n}`])
    await box.ctx!.jobs.add('tick', { id: 'a', every: '2h', data: { n: 0n } })
    await second.clock.advance('2h')
    expect(runs).toEqual([`a:${2n ** 60n}`, 'a:0'])
  })
}

let counter = 0
function unique(name: string): string {
  return `${name}_${process.pid}_${++counter}`
}
