// The kit with fake timers: conversations that time out, replies that come later, answers after a delay.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { definePlugin } from '../../plugin/define-plugin.js'
import { v11Events } from '../simulator/index.js'
import { createTestApp, type TestApp } from './index.js'

const quiz = definePlugin({
  name: 'quiz',
  setup(ctx) {
    ctx.command('quiz', async (c) => {
      const answer = await c.prompt('Capital of France?', { timeout: '30s' })
      if (answer === undefined) await c.send('Time is up! It was Paris.')
      else await c.send(answer.trim() === 'Paris' ? 'Right!' : 'No, Paris.')
    })
    ctx.command('remind', (c) => {
      ctx.setTimeout(() => c.send('Reminder: stand up'), '10m')
    })
    ctx.command('slow', async (c) => {
      await new Promise((resolve) => setTimeout(resolve, 5000))
      await c.send('done after 5 s')
    })
  },
})

let t: TestApp | undefined
beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(async () => {
  vi.useRealTimers()
  await t?.stop()
  t = undefined
})

describe.each(['memory', 'wire'] as const)('fake timers with the test kit (%s)', (transport) => {
  it('a prompt times out when the clock passes its timeout, and the late reply is awaited', async () => {
    t = await createTestApp({ plugins: [quiz], transport })
    await t.say('/quiz')
    t.shouldSend('Capital of France?')
    t.shouldPause()
    await vi.advanceTimersByTimeAsync(29_999)
    t.shouldDoNothingElse()
    await vi.advanceTimersByTimeAsync(1)
    await t.waitForSend('Time is up! It was Paris.')
    t.shouldDoNothingElse()
  })

  it('an answer after a delay shorter than the timeout still reaches the prompt', async () => {
    t = await createTestApp({ plugins: [quiz], transport })
    await t.say('/quiz')
    t.shouldSend(/France/)
    await vi.advanceTimersByTimeAsync(20_000)
    await t.say('Paris')
    t.shouldSend((m) => m.text === 'Right!' && m.detailType === 'private')
    t.shouldFinish('quiz')
  })

  it('a ctx.setTimeout reply fires when the clock reaches it', async () => {
    t = await createTestApp({ plugins: [quiz], transport })
    await t.say('/remind')
    t.shouldDoNothingElse()
    await vi.advanceTimersByTimeAsync(10 * 60_000)
    const sent = await t.waitForSend('Reminder: stand up')
    expect(sent.targetId).toBe('20002')
  })

  it('a handler that awaits a timer: start the turn, advance the clock, then await the turn', async () => {
    t = await createTestApp({ plugins: [quiz], transport })
    const turn = t.receive(v11Events.privateMessage({ text: '/slow' }))
    await vi.advanceTimersByTimeAsync(5000)
    await turn
    t.shouldSend('done after 5 s')
  })
})

describe('waiting without fake timers', () => {
  it('waitForSend rejects, naming what it waited for, when nothing is sent in time', async () => {
    vi.useRealTimers()
    t = await createTestApp({ plugins: [quiz] })
    await t.say('/remind')
    await expect(t.waitForSend('Reminder: stand up', { timeoutMs: 30 })).rejects.toThrow(
      'the bot did not send a message within 30 ms',
    )
  })
})
