import { afterEach, expect, test } from 'vitest'
import { createTestApp, type TestApp, v11Events as v11 } from '../../src/testing/index.js'
import { morning } from '../fixtures/plugins/morning.js'

const apps: TestApp[] = []
afterEach(async () => {
  for (const t of apps.splice(0)) await t.stop()
})

test('the morning greeting goes out at 08:00 Shanghai time, every day', async () => {
  const t = await createTestApp({ plugins: [morning], now: '2026-03-01T23:00:00Z' })
  apps.push(t)
  await t.receive(v11.groupMessage({ text: 'hello', groupId: 123 }))
  await t.clock.advance('59m')
  expect(t.replies()).toEqual([])
  await t.clock.advance('1m')
  t.shouldCallApi('send_group_msg', { group_id: 123 })
  await t.clock.advance('1d')
  expect(t.replies()).toEqual(['Good morning!', 'Good morning!'])
})
