// The snippets of docs/plugin-guide.md's sections on plain text, messages and durations, verbatim
// (imports aside) and exercised below with the real adapters; guide.test.ts checks they are here.
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as v11 from '../adapters/onebot/v11/index.js'
import * as v12 from '../adapters/onebot/v12/index.js'
import { superuser } from '../matcher/permission.js'
import { not, or } from '../matcher/rule.js'
import { createTestApp, type TestApp } from '../testing/kit/index.js'
import { v11Events, v12Events } from '../testing/simulator/index.js'
import { definePlugin } from './define-plugin.js'

const inspector = definePlugin({
  name: 'inspector',
  setup(ctx) {
    ctx.command('inspect', async (c) => {
      const images = c.argsMessage.only('image').length // the arguments as a message: images, mentions kept
      await c.send(`text "${c.args}", ${images} image(s)`) // c.args: the arguments as plain text
    })
    ctx.keyword('weather', async (c) => {
      // c.plainText: the text matchers see, with the bot's @mention, nickname and quote removed
      const said = c.plainText
      const asSent = c.incoming.originalMessage?.extractPlainText() // the message as received
      await c.send(`heard "${said}" (sent as "${asSent}")`)
    })
    ctx.command('who', async (c) => {
      const quoted = v11.quotedMessage(c) ?? v12.quotedMessage(c) // the message this one replies to
      if (!quoted) await c.finish('Reply to a message with /who.')
      await c.send(`message ${quoted?.id} was written by ${quoted?.senderId ?? 'someone'}`)
    })
    ctx.command('what', async (c) => {
      const quoted = v11.quotedMessage(c) // V11 also fetched its content (get_msg) before dispatch
      await c.send(`it said: ${quoted?.message?.extractPlainText() ?? 'nothing I can read'}`)
    })
  },
})

const quiz = definePlugin({
  name: 'quiz',
  setup(ctx) {
    ctx.command('quiz', async (c) => {
      const answer = await c.prompt('Capital of France?', { timeout: '30s' }) // or 30_000 (ms)
      await c.send(answer === undefined ? 'Time is up!' : `You said ${answer}.`)
    })
    ctx.command('flash', { expireTime: '1h' }, (c) => c.send('Flash sale!')) // gone in an hour
    ctx.setInterval(() => ctx.logger.info('still alive'), '6h')
  },
})

const moderation = definePlugin({
  name: 'moderation',
  setup(ctx) {
    const groupAdmin = v11.GROUP_ADMIN // NoneBot's GROUP_ADMIN, from the OneBot V11 adapter
    ctx.command('kick', { permission: or(superuser, groupAdmin) }, (c) => c.send(`kicked ${c.args}`))
    ctx.command('appeal', { permission: not(groupAdmin) }, (c) => c.send('appeal noted'))
  },
})

let t: TestApp | undefined
afterEach(async () => {
  vi.useRealTimers()
  await t?.stop()
  t = undefined
})

describe('plugin guide: plain text and quoted messages', () => {
  it('V11: arguments, plain text with and without the mention, and the quoted message', async () => {
    t = await createTestApp({ plugins: [inspector] })
    await t.receive(v11Events.privateMessage({ message: '/inspect look[CQ:image,file=a.png]' }))
    t.shouldSend('text "look", 1 image(s)')
    await t.receive(v11Events.groupMessage({ text: 'weather today?', atBot: true }))
    t.shouldSend('heard "weather today?" (sent as " weather today?")')
    await t.receive(v11Events.groupMessage({ text: 'Rain at noon', userId: 9, messageId: 42 }))
    await t.receive(v11Events.groupMessage({ text: '/what', replyTo: { messageId: 42, userId: 9 } }))
    t.shouldCallApi('get_msg', { message_id: 42 })
    t.shouldSend('it said: Rain at noon')
    await t.receive(v11Events.groupMessage({ text: '/who', replyTo: { messageId: 42, userId: 9 } }))
    t.shouldCallApi('get_msg', { message_id: 42 })
    t.shouldSend('message 42 was written by 9')
    await t.receive(v11Events.groupMessage({ text: '/who' }))
    t.shouldSend('Reply to a message with /who.')
    t.shouldDoNothingElse()
  })

  it('V12: the quoted message names its id and author', async () => {
    t = await createTestApp({ plugins: [inspector], adapter: 'onebot.v12' })
    await t.receive(v12Events.groupMessage({ text: '/who', replyTo: { messageId: 'm7', userId: '9' } }))
    t.shouldSend('message m7 was written by 9')
    await t.receive(v12Events.groupMessage({ text: '/what', replyTo: { messageId: 'm7' } }))
    t.shouldSend('it said: nothing I can read')
  })
})

describe('plugin guide: permissions', () => {
  it('superusers and the adapter predicate v11.GROUP_ADMIN', async () => {
    t = await createTestApp({ plugins: [moderation], config: { SUPERUSERS: ['1'] } })
    await t.say('/kick bob', { groupId: 7, userId: 1 })
    await t.say('/kick bob', { groupId: 7, userId: 2, role: 'admin' })
    await t.say('/kick bob', { groupId: 7, userId: 3 })
    await t.say('/kick bob', { groupId: 7, userId: 4, role: 'owner' })
    await t.say('/appeal', { groupId: 7, userId: 3 })
    await t.say('/appeal', { groupId: 7, userId: 2, role: 'admin' })
    expect(t.replies()).toEqual(['kicked bob', 'kicked bob', 'appeal noted'])
  })
})

describe('plugin guide: building messages', () => {
  it('V11 and V12 messages and segment builders', () => {
    const { MessageSegment, V11Message } = v11
    const card = new V11Message('Hello ') // a string is plain text, never parsed as CQ code
      .append(MessageSegment.at(20002))
      .append(MessageSegment.image('https://example.com/cat.png'))
    card.extractPlainText() // 'Hello '
    card.toString() // CQ codes: 'Hello [CQ:at,qq=20002][CQ:image,file=https://example.com/cat.png,...]'
    const parsed = V11Message.fromCQ('[CQ:face,id=1]hi') // parse CQ codes on purpose
    parsed.only('face') // [{ type: 'face', data: { id: '1' } }]

    const { V12MessageSegment, V12Message } = v12
    const hello = new V12Message([V12MessageSegment.mention('20002'), V12MessageSegment.text(' hi')])
    hello.has('mention') // true

    expect(card.extractPlainText()).toBe('Hello ')
    expect(card.toString()).toBe(
      'Hello [CQ:at,qq=20002][CQ:image,file=https://example.com/cat.png,cache=true,proxy=true]',
    )
    expect(parsed.only('face')).toEqual([{ type: 'face', data: { id: '1' } }])
    expect(parsed.extractPlainText()).toBe('hi')
    expect(hello.has('mention')).toBe(true)
    expect(hello.extractPlainText()).toBe(' hi')
    // What is sent: the segment array.
    expect(JSON.parse(JSON.stringify(card))).toMatchObject([
      { type: 'text', data: { text: 'Hello ' } },
      { type: 'at', data: { qq: '20002' } },
      { type: 'image', data: { file: 'https://example.com/cat.png' } },
    ])
  })
})

describe('plugin guide: durations', () => {
  it('a prompt timeout, an expireTime and an interval, as milliseconds or unit strings', async () => {
    vi.useFakeTimers()
    t = await createTestApp({ plugins: [quiz] })
    await t.say('/quiz')
    t.shouldSend('Capital of France?')
    await vi.advanceTimersByTimeAsync(29_000)
    t.shouldDoNothingElse()
    await vi.advanceTimersByTimeAsync(1000)
    await t.waitForSend('Time is up!')
    await t.say('/flash')
    t.shouldSend('Flash sale!')
    await vi.advanceTimersByTimeAsync(60 * 60_000 + 1)
    await t.say('/flash')
    t.shouldDoNothingElse()
  })
})
