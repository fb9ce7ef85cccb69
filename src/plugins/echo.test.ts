import { afterEach, describe, expect, it } from 'vitest'
import { createFakeApp, type FakeApp } from '../testing/fake-adapter.js'

let t: FakeApp
afterEach(async () => t?.stop())

describe('built-in echo plugin', () => {
  it('echoes the argument when addressed to the bot, and stays quiet otherwise', async () => {
    t = await createFakeApp({ config: { nickname: ['bot'] } })
    expect((await t.app.plugins.loadBuiltin('echo')).ok).toBe(true)
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/echo hello there' }))
    await t.receive(t.adapter.groupMessage(t.bot, { text: '/echo not to me' }))
    await t.receive(t.adapter.groupMessage(t.bot, { text: '/echo with at', atMe: true }))
    await t.receive(t.adapter.groupMessage(t.bot, { text: 'bot /echo by nickname' }))
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/echo' }))
    await t.receive(t.adapter.privateMessage(t.bot, { text: 'echo no command start' }))
    expect(t.texts()).toEqual(['hello there', 'with at', 'by nickname'])
  })

  it('keeps images and other segments of the argument', async () => {
    t = await createFakeApp()
    await t.app.plugins.loadBuiltin('echo')
    await t.receive(
      t.adapter.privateMessage(t.bot, {
        segments: [
          { type: 'text', data: { text: '/echo look:' } },
          { type: 'image', data: { file: 'cat.png' } },
        ],
      }),
    )
    expect(t.bot.sent[0]?.message.toJSON()).toEqual([
      { type: 'text', data: { text: 'look:' } },
      { type: 'image', data: { file: 'cat.png' } },
    ])
  })

  it('works with an empty COMMAND_START too', async () => {
    t = await createFakeApp({ config: { command_start: [''] } })
    await t.app.plugins.loadBuiltin('echo')
    await t.receive(t.adapter.privateMessage(t.bot, { text: 'echo plain' }))
    expect(t.texts()).toEqual(['plain'])
  })
})
