import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { createTestApp, type TestApp, v11Events as v11 } from '../../src/testing/index.js'
import { quiz } from '../fixtures/plugins/quiz.js'

const apps: TestApp[] = []
afterEach(async () => {
  for (const t of apps.splice(0)) await t.stop()
})

test('scores count up per user, and hints wait a minute', async () => {
  const t = await createTestApp({ plugins: [quiz] })
  apps.push(t)
  await t.receive(v11.privateMessage({ text: '/right', userId: 1 }))
  await t.receive(v11.privateMessage({ text: '/right', userId: 1 }))
  await t.receive(v11.privateMessage({ text: '/right', userId: 2 }))
  expect(t.replies()).toEqual(['1 has 1 points', '1 has 2 points', '2 has 1 points'])

  await t.receive(v11.privateMessage({ text: '/hint', userId: 1 }))
  await t.receive(v11.privateMessage({ text: '/hint', userId: 1 }))
  await t.clock.advance('1m')
  await t.receive(v11.privateMessage({ text: '/hint', userId: 1 }))
  expect(t.replies().slice(3)).toEqual(['It is a fruit.', 'One hint per minute.', 'It is a fruit.'])
})

test('the export lands in the plugin data directory', async () => {
  const t = await createTestApp({ plugins: [quiz] })
  apps.push(t)
  await t.receive(v11.privateMessage({ text: '/right', userId: 7 }))
  await t.receive(v11.privateMessage({ text: '/export', userId: 7 }))
  expect(t.replies().at(-1)).toBe('exported 1 scores')
  const dataDir = String(t.app.config.get('DATA_DIR'))
  const file = join(dataDir, 'data', 'quiz', 'scores.json')
  expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ '7': 1 })
})

test('scores survive a restart on the same DATA_DIR', async () => {
  const first = await createTestApp({ plugins: [quiz] })
  const config = { DATA_DIR: String(first.app.config.get('DATA_DIR')) }
  await first.receive(v11.privateMessage({ text: '/right', userId: 1 }))
  await first.app.stop()

  const second = await createTestApp({ plugins: [quiz], config })
  apps.push(second, first)
  await second.receive(v11.privateMessage({ text: '/right', userId: 1 }))
  expect(second.replies()).toEqual(['1 has 2 points'])
})
