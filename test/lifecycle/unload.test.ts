// Issue #10.1: a plugin's scope has a state; unloading it cancels its conversations, waits for its
// handlers within a bound, and nothing registers through it afterwards. Loads and unloads of one
// plugin are serialised.
import { afterEach, describe, expect, it } from 'vitest'
import { CancelledError, definePlugin, PluginDisposedError, type PluginScope } from '../../src/index.js'
import { createTestApp, type TestApp, v11Events } from '../../src/testing/index.js'
import { gate, memoryLogger } from './log.js'

let t: TestApp | undefined
afterEach(async () => {
  await t?.stop()
  t = undefined
})

describe('plugin lifecycle', () => {
  it('a scope is loading, then active, then disposed; registering through it afterwards throws naming the plugin', async () => {
    let kept: PluginScope | undefined
    const during: string[] = []
    const notes = definePlugin({
      name: 'notes',
      setup(ctx) {
        kept = ctx as unknown as PluginScope
        during.push(ctx.status)
        ctx.command('note', (c) => c.send('noted'))
      },
    })
    t = await createTestApp({ plugins: [notes] })
    expect(during).toEqual(['loading'])
    expect(kept!.status).toBe('active')
    expect(kept!.signal.aborted).toBe(false)

    expect(await t.app.plugins.unload('notes')).toBe(true)
    expect(kept!.status).toBe('disposed')
    expect(kept!.signal.aborted).toBe(true)
    const attempts: (() => unknown)[] = [
      () => kept!.command('late', () => {}),
      () => kept!.on('message', () => {}),
      () => kept!.setTimeout(() => {}, 10),
      () => kept!.setInterval(() => {}, 10),
      () => kept!.onShutdown(() => {}),
      () => kept!.onBotConnect(() => {}),
      () => kept!.beforeEvent(() => {}),
      () => kept!.onCallingApi(() => {}),
      () => kept!.onDispose(() => {}),
      () => kept!.route('GET', '/notes', () => ({ status: 200 })),
    ]
    for (const attempt of attempts) {
      expect(attempt).toThrow(PluginDisposedError)
      expect(attempt).toThrow(/plugin "notes" is unloaded/)
    }
    await t.say('/late')
    await t.say('/note')
    t.shouldDoNothingElse()
  })

  it('unloading cancels a waiting conversation: the prompt rejects, and the next message is not answered by the old code', async () => {
    const seen: string[] = []
    const quiz = (version: string) =>
      definePlugin({
        name: 'quiz',
        setup(ctx) {
          ctx.command('quiz', { block: true }, async (c) => {
            try {
              const answer = await c.prompt('2 + 2?')
              await c.send(`${version}: you said ${answer}`)
            } catch (error) {
              if (!(error instanceof CancelledError)) throw error
              seen.push(`${error.reason} ${c.signal.aborted} ${c.signal.reason === error}`)
            }
          })
          ctx.message({ priority: 50 }, (c) => c.send(`${version} heard ${c.plainText}`))
        },
      })
    t = await createTestApp({ plugins: [quiz('v1')] })
    await t.say('/quiz')
    t.shouldSend('2 + 2?')
    t.shouldPause()

    await t.app.plugins.unload('quiz')
    expect(seen).toEqual(['unload true true'])
    await t.app.plugins.load(quiz('v2'))
    await t.say('4')
    t.shouldSend('v2 heard 4')
    t.shouldDoNothingElse()
  })

  it('unloading waits for a running handler, so its reply goes out; one still running after the bound is cancelled and logged', async () => {
    const log = memoryLogger('INFO')
    const slow = gate()
    const events: string[] = []
    const worker = definePlugin({
      name: 'worker',
      setup(ctx) {
        ctx.command('work', async (c) => {
          await slow.wait
          await c.send('work done')
          events.push('handler done')
        })
      },
    })
    t = await createTestApp({ plugins: [worker], logger: log.logger })
    await t.sim.send(v11Events.privateMessage({ text: '/work' }))
    await expect.poll(() => t!.app.plugins.dispatcher.runs.size).toBe(1)
    const unloading = t.app.plugins.unload('worker').then((ok) => events.push(`unloaded ${ok}`))
    await new Promise((resolve) => setImmediate(resolve))
    expect(events).toEqual([])
    slow.open()
    await unloading
    expect(events).toEqual(['handler done', 'unloaded true'])
    expect(t.sim.sentTexts()).toContain('work done')
  })

  it('a handler past the bound is cancelled with reason unload, logged once, and its later sends are dropped', async () => {
    const log = memoryLogger('INFO')
    const events: string[] = []
    const worker = definePlugin({
      name: 'hanger',
      setup(ctx) {
        ctx.command('hang', async (c) => {
          await new Promise((resolve) => c.signal.addEventListener('abort', resolve))
          events.push(`aborted: ${(c.signal.reason as CancelledError).reason}`)
          await c.send('too late')
        })
      },
    })
    // A short bound for this app's unloads (the grace period of stop() is the same value).
    t = await createTestApp({ plugins: [worker], logger: log.logger, shutdownGraceMs: 50 })
    await t.sim.send(v11Events.privateMessage({ text: '/hang' }))
    await expect.poll(() => t!.app.plugins.dispatcher.runs.size).toBe(1)
    await t.app.plugins.unload('hanger')
    await expect.poll(() => events).toEqual(['aborted: unload'])
    const still = log.at('warn').filter((line) => line.includes('still running'))
    expect(still).toHaveLength(1)
    expect(still[0]).toMatch(
      /plugin hanger unloaded with 1 handler\(s\) still running after 50 ms.*matcher "command hang"/,
    )
    await expect
      .poll(() => log.at('warn').some((line) => line.includes('c.send() after the run was cancelled')))
      .toBe(true)
    expect(t.sim.sentTexts()).not.toContain('too late')
  })

  it('load and unload of one plugin run one at a time: no false cycle, no silent no-op during an async setup', async () => {
    const setupGate = gate()
    let setups = 0
    const slow = definePlugin({
      name: 'slow',
      async setup(ctx) {
        setups++
        await setupGate.wait
        ctx.command('slow', (c) => c.send('slow here'))
      },
    })
    t = await createTestApp()
    const first = t.app.plugins.load(slow)
    const second = t.app.plugins.load(slow)
    const unload = t.app.plugins.unload('slow')
    setupGate.open()
    const [a, b] = await Promise.all([first, second])
    expect(a.ok && b.ok).toBe(true)
    expect(setups).toBe(1)
    expect(await unload).toBe(true)
    expect(t.app.plugins.get('slow')).toBeUndefined()
    await t.say('/slow')
    t.shouldDoNothingElse()
  })

  it('a true require cycle is still reported as a cycle', async () => {
    const log = memoryLogger('INFO')
    const a = definePlugin({
      name: 'a',
      async setup(ctx) {
        await ctx.require(b)
      },
    })
    const b = definePlugin({
      name: 'b',
      async setup(ctx) {
        await ctx.require(a)
      },
    })
    t = await createTestApp({ logger: log.logger })
    const result = await t.app.plugins.load(a)
    expect(result.ok).toBe(false)
    expect(log.at('error').join('\n')).toMatch(/cycle/)
  })
})
