// The echo snippet of docs/testing.md (and the README), verbatim apart from the import paths.
import { expect, onTestFinished, test } from 'vitest'
import { echo } from '../../src/plugins/echo.js'
import { createTestApp, v11Events } from '../../src/testing/index.js'

test('echo repeats what follows /echo', async () => {
  const t = await createTestApp({ plugins: [echo] })
  onTestFinished(() => t.stop())

  await t.receive(v11Events.privateMessage({ text: '/echo hello' }))
  t.shouldSend('hello')
  t.shouldFinish()

  // In a group, only a message addressed to the bot is echoed.
  await t.receive(v11Events.groupMessage({ text: '/echo hi' }))
  await t.receive(v11Events.groupMessage({ text: '/echo hi', atBot: true }))
  t.shouldSend('hi')
  t.shouldDoNothingElse()
  expect(t.replies()).toEqual(['hello', 'hi'])
})
