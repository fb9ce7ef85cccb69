import { afterEach, describe, expect, it } from 'vitest'
import { pluginDefiner } from '../plugin/define-plugin.js'
import { createFakeApp, type FakeApp, FakeMessage, type FakeRegistry } from '../testing/fake-adapter.js'
import { Message } from './message.js'

const definePlugin = pluginDefiner<FakeRegistry>()
let t: FakeApp
afterEach(async () => t?.stop())

describe('Message.template', () => {
  it('fills named, positional and dotted fields; segments stay segments and text is never parsed', () => {
    const image = { type: 'image', data: { file: 'a.png' } }
    const out = Message.template('Hi {name} ({user.id}) {{literal}} {0}{pic}!').format(
      Object.assign(['first'], { name: '[CQ:face,id=1]', user: { id: 7 }, pic: image }),
    )
    expect(out).toEqual([
      { type: 'text', data: { text: 'Hi [CQ:face,id=1] (7) {literal} first' } },
      image,
      { type: 'text', data: { text: '!' } },
    ])
    expect(Message.template('{a}{b}').fields).toEqual(['a', 'b'])
    expect(Message.template('x {m}').format({ m: new FakeMessage('inner') })).toEqual([
      { type: 'text', data: { text: 'x ' } },
      { type: 'text', data: { text: 'inner' } },
    ])
  })

  it('reports missing fields and bad braces', () => {
    expect(() => Message.template('{missing}').format({})).toThrow(/missing/)
    expect(() => Message.template('oops }')).toThrow(SyntaxError)
    expect(() => Message.template('oops {')).toThrow(SyntaxError)
  })
})

describe('replies', () => {
  it('send/reply/finish accept strings, segments, messages and templates, with @sender and quote options', async () => {
    t = await createFakeApp({
      plugins: [
        definePlugin({
          name: 'replies',
          setup(ctx) {
            ctx.command('all', async (c) => {
              await c.send('text')
              await c.send({ type: 'face', data: { id: '1' } })
              await c.send(new FakeMessage('a message'))
              await c.send(Message.template('Hello {name}').format({ name: c.userId }), { atSender: true })
              await c.reply('quoted')
              await c.finish('bye', { atSender: true, reply: true })
            })
          },
        }),
      ],
    })
    await t.receive(t.adapter.groupMessage(t.bot, { text: '/all', userId: 42 }))
    expect(t.bot.sent.map((s) => s.message.toJSON())).toEqual([
      [{ type: 'text', data: { text: 'text' } }],
      [{ type: 'face', data: { id: '1' } }],
      [{ type: 'text', data: { text: 'a message' } }],
      [
        { type: 'at', data: { qq: '42' } },
        { type: 'text', data: { text: 'Hello 42' } },
      ],
      [
        { type: 'reply', data: { id: 'msg' } },
        { type: 'text', data: { text: 'quoted' } },
      ],
      [
        { type: 'reply', data: { id: 'msg' } },
        { type: 'at', data: { qq: '42' } },
        { type: 'text', data: { text: 'bye' } },
      ],
    ])
    expect(t.bot.calls.map((c) => c.action)).toEqual(Array(6).fill('send_msg'))
  })
})
