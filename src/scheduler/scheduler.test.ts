import { Writable } from 'node:stream'
import pino from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { definePlugin, type PluginScope } from '../index.js'
import { createTestApp, type TestApp } from '../testing/index.js'

const apps: TestApp[] = []
afterEach(async () => {
  for (const t of apps.splice(0)) await t.stop()
})

/** A logger whose JSON lines land in `lines`. */
function capture() {
  const lines: Record<string, unknown>[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>)
      done()
    },
  })
  return { logger: pino({ level: 'info' }, stream), lines }
}

async function withPlugin(
  setup: (ctx: PluginScope) => void,
  now = '2026-03-01T23:59:00Z',
  logger = capture().logger,
) {
  const plugin = definePlugin({ name: 'timers', setup })
  const t = await createTestApp({ plugins: [plugin], now, logger })
  apps.push(t)
  return t
}

describe('ctx.cron / ctx.every / ctx.at on the app clock', () => {
  it('runs a daily cron job in its time zone, tested with the fake clock', async () => {
    const runs: string[] = []
    let job: ReturnType<PluginScope['cron']> | undefined
    const t = await withPlugin((ctx) => {
      job = ctx.cron('0 8 * * *', () => runs.push(new Date(ctx.app.services.clock.now()).toISOString()), {
        tz: 'Asia/Shanghai',
        name: 'morning',
      })
    })
    expect(job?.nextRun()?.toISOString()).toBe('2026-03-02T00:00:00.000Z')
    await t.clock.advance('59s')
    expect(runs).toEqual([])
    await t.clock.advance('1s')
    expect(runs).toEqual(['2026-03-02T00:00:00.000Z'])
    await t.clock.advance('1d')
    expect(runs).toEqual(['2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z'])
    expect(job?.name).toBe('morning')
  })

  it('every repeats at a fixed rate; at runs once, at once when the date is past', async () => {
    const runs: string[] = []
    const t = await withPlugin((ctx) => {
      ctx.every('10m', () => runs.push('every'))
      ctx.at('2026-03-02T00:05:00Z', () => runs.push('at'))
      ctx.at(0, () => runs.push('past'))
    })
    await t.clock.advance(0)
    expect(runs).toEqual(['past'])
    await t.clock.advance('1h')
    expect(runs.filter((r) => r === 'every')).toHaveLength(6)
    expect(runs.filter((r) => r === 'at')).toEqual(['at'])
  })

  it('logs a throwing job with the plugin and job name, and keeps its schedule', async () => {
    const { logger, lines } = capture()
    let runs = 0
    const t = await withPlugin(
      (ctx) => {
        ctx.every(
          '1m',
          () => {
            runs++
            throw new Error('boom')
          },
          { name: 'flaky' },
        )
      },
      undefined,
      logger,
    )
    await t.clock.advance('3m')
    expect(runs).toBe(3)
    const failures = lines.filter((l) => l.job === 'flaky' && l.level === 50)
    expect(failures).toHaveLength(3)
    expect(failures[0]).toMatchObject({ plugin: 'timers', job: 'flaky', err: { message: 'boom' } })
    expect(String(failures[0]!.msg)).toContain('"flaky" failed')
  })

  it('skips a run while the previous one still runs, unless overlap is allowed', async () => {
    const { logger, lines } = capture()
    const runs = { slow: 0, overlapping: 0 }
    let t: TestApp | undefined
    // The first run of each moves the clock on by one interval while it is still running.
    t = await withPlugin(
      (ctx) => {
        ctx.every(
          '10m',
          async () => {
            if (++runs.slow === 1) await t!.clock.advance('10m')
          },
          { name: 'slow' },
        )
      },
      undefined,
      logger,
    )
    await t.clock.advance('10m')
    expect(runs.slow).toBe(1)
    expect(lines.some((l) => l.job === 'slow' && String(l.msg).includes('still running'))).toBe(true)
    await t.clock.advance('10m')
    expect(runs.slow).toBe(2)

    const u = await withPlugin((ctx) => {
      ctx.every(
        '10m',
        async () => {
          if (++runs.overlapping === 1) await u2!.clock.advance('10m')
        },
        { name: 'overlapping', overlap: true },
      )
    })
    const u2: TestApp | undefined = u
    await u.clock.advance('10m')
    expect(runs.overlapping).toBe(2)
  })

  it('cancels every job when the plugin is unloaded, or one job with cancel()', async () => {
    let runs = 0
    let keep: ReturnType<PluginScope['every']> | undefined
    const t = await withPlugin((ctx) => {
      ctx.cron('* * * * *', () => runs++)
      keep = ctx.every('1m', () => runs++)
    })
    expect(t.clock.pending).toBe(2)
    keep!.cancel()
    expect(keep!.nextRun()).toBeUndefined()
    expect(t.clock.pending).toBe(1)
    await t.app.plugins.unload('timers')
    expect(t.clock.pending).toBe(0)
    await t.clock.advance('1h')
    expect(runs).toBe(0)
  })

  it('refuses a wrong cron expression, time zone or interval at the call', async () => {
    const errors: string[] = []
    await withPlugin((ctx) => {
      for (const call of [
        () => ctx.cron('61 * * * *', () => {}),
        () => ctx.cron('0 8 * * *', () => {}, { tz: 'Mars/Olympus' }),
        () => ctx.every('soon' as '1m', () => {}),
        () => ctx.at('not a date', () => {}),
      ]) {
        try {
          call()
        } catch (error) {
          errors.push((error as Error).message)
        }
      }
    })
    expect(errors).toHaveLength(4)
    expect(errors[2]).toMatch(/is not a duration/)
    expect(errors[3]).toMatch(/not a date/)
  })
})
