// Every snippet of docs/nonebot-parity.md lives here verbatim (imports aside) and is exercised
// below; the last test fails when a snippet of that page no longer appears in this file.
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { createApp, definePlugin, Message, mockResult, singleSession, v11, z } from '../index.js'
import { createTestApp, type TestApp, v11Events } from '../testing/index.js'

const conversations = definePlugin({
  name: 'conversations',
  setup(ctx) {
    ctx.command('age').got('age', 'Your age?', async (c) => {
      const age = Number(c.argText('age'))
      if (!Number.isInteger(age)) await c.reject('A whole number, please:')
      await c.finish(`You are ${age}.`)
    })
    ctx
      .command('greet')
      .handle((c) => {
        if (c.args !== '') c.setArg('name', c.args) // `/greet Ann` does not ask
      })
      .got('name', 'Who?', (c) => c.finish(`Hello ${c.argText('name')}!`))
  },
})

const commands = definePlugin({
  name: 'commands',
  setup(ctx) {
    ctx.command('roll', { forceWhitespace: false }, (c) => c.send(`rolling ${c.args}`)) // `/rolld6`, not `/roll d6`
    ctx.command('say', { forceWhitespace: ' ' }, (c) => c.send(c.args)) // `/say hi`, not `/say  hi`
    ctx.shellCommand(
      'sticker',
      { options: { size: { type: 'number', default: 1 } }, positionals: ['name', 'picture'] },
      async (c) => {
        if (!c.shell.ok) return c.send(c.shell.message) // usage line + error, or the --help text
        const [name, picture] = c.shell.positionals
        const kind = typeof picture === 'object' ? picture.type : 'word'
        return c.send(`${String(name)}: a ${kind}, size ${c.shell.values.size}`)
      },
    )
  },
})

const hooks = definePlugin({
  name: 'hooks',
  setup(ctx) {
    ctx.onCallingApi((call) => {
      if (call.action === 'get_status') return mockResult({ online: true, good: true })
      return undefined
    })
    ctx.onCalledApi((call, outcome) => {
      if (call.action === 'get_status' && !outcome.ok) return mockResult({ online: false, good: false })
      return undefined
    })
    ctx.command('status', async (c) => c.send(JSON.stringify(await c.bot.callApi('get_status'))))
  },
})

const weather = definePlugin({
  name: 'weather',
  config: { weather_days: z.number().int().min(1).max(7).describe('a number of days from 1 to 7') },
  setup(ctx, config) {
    ctx.command('forecast', (c) => c.send(`forecast for ${config.weather_days} days`))
  },
})

const ids = definePlugin({
  name: 'ids',
  setup(ctx) {
    ctx.on('message.group', async (c) => {
      if (c.adapter !== 'onebot.v11') return
      const member = await c.bot.call('get_group_member_info', {
        group_id: c.event.group_id,
        user_id: c.event.user_id,
      })
      await c.send(
        member.user_id === c.userId && c.event.group_id === c.groupId ? 'same ids' : 'different ids',
      )
    })
  },
})

const guarded = definePlugin({
  name: 'guarded',
  setup(ctx) {
    ctx.command('kick', { permission: v11.GROUP_ADMIN }, async (c) => {
      const sent = await c.send(`kicking ${c.args} from ${c.event.group_id}`) // c.event: GroupMessageEvent
      await c.send(`message ${sent?.message_id} sent; extras: ${typeof v11.extra(c.event).raw}`)
    })
  },
})

const slowPlugin = definePlugin({ name: 'slow', setup() {} })

let t: TestApp | undefined
afterEach(async () => {
  await t?.stop()
  t = undefined
})

const pm = (text: string) => v11Events.privateMessage({ text })

describe('docs/nonebot-parity.md', () => {
  it('re-asks inside got with the new answer; setArg skips the question', async () => {
    t = await createTestApp({ plugins: [conversations] })
    for (const text of ['/age', 'old', '42', '/greet Ann']) await t.receive(pm(text))
    expect(t.replies()).toEqual(['Your age?', 'A whole number, please:', 'You are 42.', 'Hello Ann!'])
  })

  it('commands: whitespace rules and shell argv', async () => {
    t = await createTestApp({ plugins: [commands] })
    for (const text of ['/roll d6', '/rolld6', '/say  hi', '/say hi', '/sticker a b c'])
      await t.receive(pm(text))
    await t.receive(
      v11Events.privateMessage({
        message: [
          { type: 'text', data: { text: '/sticker cat' } },
          { type: 'image', data: { file: 'c.png' } },
        ],
      }),
    )
    expect(t.replies()).toEqual([
      'rolling d6',
      'hi',
      'usage: /sticker [options] <name> <picture>\n/sticker: error: unrecognized arguments: c',
      'cat: a image, size 1',
    ])
  })

  it('templates format by spec and refuse private attributes', () => {
    const line = Message.template('{item:<6}|{price:>8.2f}|{share:.1%}|{count:,}')
    expect(line.format({ item: 'tea', price: 3.5, share: 0.125, count: 12345 })).toEqual([
      { type: 'text', data: { text: 'tea   |    3.50|12.5%|12,345' } },
    ])
    expect(() => Message.template('{a.__proto__}').format({ a: {} })).toThrow(/private attribute/)
  })

  it('API hooks mock a call', async () => {
    t = await createTestApp({ plugins: [hooks] })
    await t.receive(pm('/status'))
    t.shouldSend('{"online":true,"good":true}')
  })

  it('single_session is a plugin like any other', async () => {
    const app = createApp({ plugins: [singleSession, slowPlugin], adapters: [] })
    await app.start()
    expect(app.plugins.list().map((p) => p.name)).toEqual(['single_session', 'slow'])
    await app.stop()
  })

  it('plugin config with z, and ids', async () => {
    t = await createTestApp({ plugins: [weather, ids], config: { WEATHER_DAYS: 3 } })
    await t.receive(pm('/forecast'))
    t.shouldSend('forecast for 3 days')
    await t.receive(v11Events.groupMessage({ text: 'hi' }))
    t.shouldCallApi('get_group_member_info')
    t.shouldSend('same ids')
  })

  it('a narrowing permission lets only its events through; send resolves with the message id', async () => {
    t = await createTestApp({ plugins: [guarded] })
    await t.receive(v11Events.groupMessage({ text: '/kick bob', groupId: 5, role: 'member' }))
    await t.receive(v11Events.privateMessage({ text: '/kick bob' }))
    expect(t.replies()).toEqual([])
    await t.receive(v11Events.groupMessage({ text: '/kick bob', groupId: 5, role: 'admin' }))
    expect(t.replies()[0]).toBe('kicking bob from 5')
    expect(t.replies()[1]).toMatch(/^message \d+ sent; extras: undefined$/)
  })

  it('every TypeScript snippet of docs/nonebot-parity.md appears in this file', () => {
    const page = readFileSync(new URL('../../docs/nonebot-parity.md', import.meta.url), 'utf8')
    const self = normalize(readFileSync(new URL(import.meta.url), 'utf8'))
    const blocks = [...page.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!)
    expect(blocks.length).toBeGreaterThanOrEqual(9)
    for (const block of blocks) expect(self.includes(normalize(block)), block).toBe(true)
  })
})

function normalize(code: string): string {
  return code.replace(/\s+/g, ' ').trim()
}
