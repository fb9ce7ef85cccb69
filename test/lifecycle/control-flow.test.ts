// Issue #10.2 and #10.4: cancellation is told apart from a timeout, and finish/reject/pause cannot
// lose control flow (no await, or a try/catch around them).
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest'
import { CancelledError, type Context, definePlugin } from '../../src/index.js'
import { createTestApp, type TestApp } from '../../src/testing/index.js'
import { memoryLogger } from './log.js'

let t: TestApp | undefined
afterEach(async () => {
  await t?.stop()
  t = undefined
})

describe('cancellation with a reason', () => {
  it('on shutdown the prompt rejects with CancelledError and c.signal aborts: the timeout branch ("Too slow.") never runs', async () => {
    const branches: string[] = []
    const age = definePlugin({
      name: 'age',
      setup(ctx) {
        ctx.command('age', async (c) => {
          c.signal.addEventListener('abort', () =>
            branches.push(`aborted: ${(c.signal.reason as CancelledError).reason}`),
          )
          try {
            const answer = await c.prompt('How old are you?')
            if (answer === undefined) branches.push('Too slow.')
            else branches.push(`You are ${answer}.`)
          } catch (error) {
            branches.push(error instanceof CancelledError ? `cancelled: ${error.reason}` : 'other error')
            throw error
          }
        })
      },
    })
    t = await createTestApp({ plugins: [age] })
    const outcomes: string[] = []
    t.app.plugins.dispatcher.runListeners.add((o) => outcomes.push(o.kind))
    await t.say('/age')
    t.shouldSend('How old are you?')
    await t.app.stop()
    expect(branches).toEqual(['aborted: shutdown', 'cancelled: shutdown'])
    expect(outcomes).toEqual(['paused', 'cancelled'])
  })

  it('a prompt that gets no answer in time still resolves undefined (not a cancellation)', async () => {
    const seen: unknown[] = []
    const quick = definePlugin({
      name: 'quick',
      setup(ctx) {
        ctx.command('quick', async (c) => {
          seen.push(await c.prompt('fast!', { timeout: 20 }), c.signal.aborted)
        })
      },
    })
    t = await createTestApp({ plugins: [quick] })
    await t.say('/quick')
    await expect.poll(() => seen).toEqual([undefined, false])
  })
})

describe('control flow that cannot be lost', () => {
  it('c.finish() without await stops the handler: only its message is sent, once', async () => {
    const roll = definePlugin({
      name: 'roll',
      setup(ctx) {
        ctx.command('roll', (c) => {
          const sides = c.args.trim()
          if (!sides) c.finish('usage: /roll <sides>')
          void c.send(`rolling a d${sides}`)
        })
      },
    })
    t = await createTestApp({ plugins: [roll] })
    await t.say('/roll')
    t.shouldSend('usage: /roll <sides>')
    t.shouldFinish()
    t.shouldDoNothingElse()
    await t.say('/roll 6')
    t.shouldSend('rolling a d6')
  })

  it('a try/catch that swallows finish or reject: later sends are dropped and logged as an error naming plugin and matcher', async () => {
    const log = memoryLogger('INFO')
    const careless = definePlugin({
      name: 'careless',
      setup(ctx) {
        ctx.command('bye', { name: 'bye' }, async (c) => {
          try {
            await c.finish('goodbye')
          } catch {
            // a catch-all that also catches the stop
          }
          try {
            c.finish('goodbye again')
          } catch {}
          await c.send('this must not be sent')
        })
        ctx.command('ask', { name: 'ask' }, async (c) => {
          try {
            c.reject('again?')
          } catch {}
          await c.send('nor this')
        })
      },
    })
    t = await createTestApp({ plugins: [careless], logger: log.logger })
    await t.say('/bye')
    t.shouldSend('goodbye')
    t.shouldFinish('bye')
    t.shouldDoNothingElse()
    await t.say('/ask')
    t.shouldSend('again?')
    t.shouldReject('ask')
    t.shouldDoNothingElse()
    const errors = log.at('error')
    expect(
      errors.some(
        (e) => e.includes('matcher "bye" of plugin "careless"') && e.includes('c.finish() after c.finish()'),
      ),
    ).toBe(true)
    expect(
      errors.some(
        (e) => e.includes('matcher "ask" of plugin "careless"') && e.includes('c.send() after c.reject()'),
      ),
    ).toBe(true)
  })

  it('finish, reject and pause return never, so `return c.finish()` narrows and nothing awaits a promise', () => {
    expectTypeOf<Context['finish']>().returns.toBeNever()
    expectTypeOf<Context['reject']>().returns.toBeNever()
    expectTypeOf<Context['pause']>().returns.toBeNever()
    const handler = (c: Context, x: string | undefined): string => {
      if (!x) c.finish('usage')
      return x
    }
    expect(handler).toBeTypeOf('function')
  })
})
