import { afterEach, describe, expect, it } from 'vitest'
import { superuser } from '../matcher/permission.js'
import { definePlugin } from '../plugin/define-plugin.js'
import { createFakeApp, type FakeApp } from '../testing/fake-adapter.js'
import { editDistance, suggestCommand } from './suggest.js'

let t: FakeApp
afterEach(async () => t?.stop())

const tools = definePlugin({
  name: 'tools',
  setup(ctx) {
    ctx.command('weather', (c) => c.send('sunny'))
    ctx.cmd('admin.reload', { permission: superuser }, (c) => c.send('reloaded'))
    ctx.message({ rule: (c) => c.plainText === '/chat' }, (c) => c.send('chatting'))
  },
})

describe('did you mean', () => {
  it('suggests the nearest command to a mistyped one addressed to the bot', async () => {
    t = await createFakeApp({ config: { superusers: ['1'] } })
    await t.app.plugins.load(tools)
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/wether in Paris' }))
    await t.receive(t.adapter.groupMessage(t.bot, { text: '/waether', atMe: true }))
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/admin.relaod', userId: 1 }))
    expect(t.texts()).toEqual([
      'Unknown command /wether. Did you mean /weather?',
      'Unknown command /waether. Did you mean /weather?',
      'Unknown command /admin.relaod. Did you mean /admin.reload?',
    ])
  })

  it('stays quiet when not addressed, when nothing is near, for commands the user may not run, and when a matcher handled it', async () => {
    t = await createFakeApp({ config: { superusers: ['1'] } })
    await t.app.plugins.load(tools)
    await t.receive(t.adapter.groupMessage(t.bot, { text: '/wether' }))
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/xyzzy' }))
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/admin.relaod', userId: 2 }))
    await t.receive(t.adapter.privateMessage(t.bot, { text: 'wether' }))
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/chat' }))
    expect(t.texts()).toEqual(['chatting'])
  })

  it('is switched off by COMMAND_SUGGEST=false', async () => {
    t = await createFakeApp({ config: { command_suggest: false } })
    await t.app.plugins.load(tools)
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/wether' }))
    expect(t.texts()).toEqual([])
  })

  it('measures edits with transpositions and picks the nearest name', () => {
    expect(editDistance('ehco', 'echo')).toBe(1)
    expect(editDistance('kitten', 'sitting')).toBe(3)
    expect(suggestCommand('ehco', ['echo', 'help'])).toBe('echo')
    expect(suggestCommand('hepl', ['echo', 'help'])).toBe('help')
    expect(suggestCommand('zzz', ['echo', 'help'])).toBeUndefined()
    expect(suggestCommand('ECHO', ['echo'])).toBe('echo')
  })
})
