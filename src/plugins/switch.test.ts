import { afterEach, describe, expect, it } from 'vitest'
import { MemoryKv } from '../commands/memory-kv.js'
import { createFakeApp, type FakeApp } from '../testing/fake-adapter.js'

let t: FakeApp
afterEach(async () => t?.stop())

async function start(store = new MemoryKv()) {
  t = await createFakeApp({ config: { superusers: ['1'] } })
  t.app.plugins.commands.store = store
  const results = await t.app.plugins.loadFromSection(
    { builtinPlugins: ['echo', 'help', 'switch'] },
    process.cwd(),
  )
  expect(results.every((r) => r.ok)).toBe(true)
}

type Role = 'owner' | 'admin' | 'member'
const group = (text: string, init: { userId?: number; groupId?: number; role?: Role } = {}) =>
  t.receive(t.adapter.groupMessage(t.bot, { text, atMe: true, ...init }))

describe('built-in switch plugin', () => {
  it('a group admin turns a plugin off in one group: it stops there, is hidden from /help, and runs elsewhere', async () => {
    await start()
    await group('/plugin off echo', { role: 'admin' })
    await group('/echo one')
    await group('/echo two', { groupId: 200 })
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/echo three' }))
    await group('/help')
    await group('/plugin on echo', { role: 'owner' })
    await group('/echo four')
    const texts = t.texts()
    expect(texts.slice(0, 3)).toEqual(['echo is off in this group.', 'two', 'three'])
    expect(texts[3]).not.toContain('/echo')
    expect(texts[3]).toContain('/help')
    expect(texts.slice(4)).toEqual(['echo is on in this group.', 'four'])
  })

  it('switches single commands, refuses members, and keeps itself on', async () => {
    await start()
    await group('/command off echo', { userId: 5 })
    await group('/command off echo', { userId: 1 })
    await group('/echo hidden')
    await group('/plugin off switch', { role: 'admin' })
    await group('/command off nothing', { role: 'admin' })
    await group('/plugin list', { role: 'admin' })
    expect(t.texts()).toEqual([
      '/echo is off in this group.',
      'switch cannot be switched off.',
      'No command "nothing".',
      'on  echo\non  help\non  switch\nCommands off here: /echo',
    ])
  })

  it('keeps switches in the data store across a restart', async () => {
    const store = new MemoryKv()
    await start(store)
    await group('/plugin off echo', { role: 'admin' })
    await t.stop()
    await start(store)
    await group('/echo still off')
    await group('/echo elsewhere', { groupId: 300 })
    expect(t.texts()).toEqual(['elsewhere'])
  })
})
