// The conversation snippet of docs/testing.md (and the README), verbatim apart from the import paths.
import { onTestFinished, test } from 'vitest'
import { createTestApp, v11Events } from '../../src/testing/index.js'
import { weather } from '../fixtures/plugins/weather.js'

test.each(['memory', 'wire'] as const)('weather asks for a city, then answers (%s)', async (transport) => {
  const t = await createTestApp({ plugins: [weather], transport })
  onTestFinished(() => t.stop())

  await t.receive(v11Events.groupMessage({ text: '/weather', atBot: true }))
  t.shouldSend('Which city?')
  t.shouldReject()

  await t.receive(v11Events.groupMessage({ text: '   ' }))
  t.shouldSend('Which city? A name, please.')
  t.shouldReject()

  await t.receive(v11Events.groupMessage({ text: 'Paris' }))
  t.shouldSend('Weather in Paris: sunny')
  t.shouldFinish()
  t.shouldDoNothingElse()
})
