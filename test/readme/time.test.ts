// The time snippet of docs/testing.md, verbatim apart from the import paths.
import { afterEach, beforeEach, onTestFinished, test, vi } from 'vitest'
import { definePlugin } from '../../src/plugin/define-plugin.js'
import { createTestApp } from '../../src/testing/index.js'

const quiz = definePlugin({
  name: 'quiz',
  setup(ctx) {
    ctx.command('quiz', async (c) => {
      const answer = await c.prompt('Capital of France?', { timeout: '30s' })
      if (answer === undefined) await c.send('Time is up! It was Paris.')
      else await c.send(answer.trim() === 'Paris' ? 'Right!' : 'No, Paris.')
    })
  },
})

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

test('the quiz waits 30 seconds for an answer', async () => {
  const t = await createTestApp({ plugins: [quiz] })
  onTestFinished(() => t.stop())

  await t.say('/quiz')
  t.shouldSend('Capital of France?')
  await vi.advanceTimersByTimeAsync(20_000) // an answer 20 s later is still in time
  await t.say('Paris')
  t.shouldSend('Right!')

  await t.say('/quiz')
  t.shouldSend(/France/) // a RegExp, or a predicate: (m) => m.text.includes('France')
  await vi.advanceTimersByTimeAsync(30_000) // nobody answers
  await t.waitForSend('Time is up! It was Paris.') // a reply that comes after receive returned
  t.shouldDoNothingElse()
})
