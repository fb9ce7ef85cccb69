// Issue #10.3: two-phase shutdown. Intake stops, conversations are cancelled, running handlers
// drain while the connection is still open (their replies go out), then transports close, then
// bot-disconnect and shutdown hooks run, awaited; what is still running at the end is logged once.
import { afterEach, describe, expect, it } from 'vitest'
import { definePlugin } from '../../src/index.js'
import { createTestApp, type TestApp, v11Events } from '../../src/testing/index.js'
import { gate, memoryLogger } from './log.js'

let t: TestApp | undefined
afterEach(async () => {
  await t?.stop()
  t = undefined
})

describe('two-phase shutdown', () => {
  it.each(['memory', 'wire'] as const)(
    'a running handler finishes and its reply goes out before the connection closes; hooks run after, awaited (%s)',
    async (transport) => {
      const order: string[] = []
      const slow = gate()
      const report = definePlugin({
        name: 'report',
        setup(ctx) {
          ctx.command('report', async (c) => {
            order.push('handler started')
            await slow.wait
            await c.send('report ready')
            order.push('reply sent')
          })
          ctx.command('late', (c) => c.send('should not run'))
          ctx.onBotDisconnect(async () => {
            await Promise.resolve()
            order.push('bot disconnect hook')
          })
          ctx.onShutdown(async () => {
            await Promise.resolve()
            order.push('shutdown hook')
          })
        },
      })
      t = await createTestApp({ plugins: [report], transport })
      await t.sim.send(v11Events.privateMessage({ text: '/report' }))
      await expect.poll(() => order).toEqual(['handler started'])
      const stopping = t.app.stop().then(() => order.push('stopped'))
      await expect.poll(() => t!.app.state).toBe('stopping')
      // Intake has stopped: an event still arriving on the open connection is not handled.
      await t.sim.send(v11Events.privateMessage({ text: '/late' }))
      slow.open()
      await stopping
      expect(order).toEqual([
        'handler started',
        'reply sent',
        'bot disconnect hook',
        'shutdown hook',
        'stopped',
      ])
      expect(t.sim.sentTexts()).toEqual(['report ready'])
    },
  )

  it('what is still running at the end of the grace period is logged once, naming plugin and matcher', async () => {
    const log = memoryLogger('INFO')
    const stuck = definePlugin({
      name: 'stuck',
      setup(ctx) {
        ctx.command('stuck', { name: 'stuck forever' }, () => new Promise(() => {}))
      },
    })
    t = await createTestApp({ plugins: [stuck], logger: log.logger, shutdownGraceMs: 50 })
    await t.sim.send(v11Events.privateMessage({ text: '/stuck' }))
    await expect.poll(() => t!.app.plugins.dispatcher.runs.size).toBe(1)
    await t.app.stop()
    const lines = log.at('warn').filter((line) => line.includes('still running'))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      /stopping with 1 handler\(s\) still running after 50 ms, now cancelled: matcher "stuck forever" of plugin "stuck" \(message\.private\.friend, running/,
    )
  })

  it('stop() called twice runs once', async () => {
    let shutdowns = 0
    const once = definePlugin({
      name: 'once',
      setup(ctx) {
        ctx.onShutdown(() => {
          shutdowns++
        })
      },
    })
    t = await createTestApp({ plugins: [once] })
    await Promise.all([t.app.stop(), t.app.stop()])
    expect(shutdowns).toBe(1)
  })
})
