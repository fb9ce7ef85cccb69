import { afterEach, expect, test } from 'vitest'
import { createTestApp, type TestApp, v11Events as v11 } from '../../src/testing/index.js'
import { guestbook } from '../fixtures/plugins/guestbook.js'

/** docs/database.md's plugin, run on SQLite (npm test) and PostgreSQL (test:services). */
export function guestbookSuite(config: () => Record<string, unknown>): void {
  const apps: TestApp[] = []
  afterEach(async () => {
    for (const t of apps.splice(0)) await t.stop()
  })

  test('the guestbook plugin migrates, writes and reads its table', async () => {
    const t = await createTestApp({ plugins: [guestbook], config: config() })
    apps.push(t)
    await t.receive(v11.privateMessage({ text: '/sign hello there', userId: 42 }))
    await t.receive(v11.privateMessage({ text: '/sign again', userId: 43 }))
    await t.receive(v11.privateMessage({ text: '/last', userId: 1 }))
    expect(t.replies()).toEqual(['signed, 1 entries', 'signed, 2 entries', '43: again'])
  })
}
