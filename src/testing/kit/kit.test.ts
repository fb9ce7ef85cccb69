import { afterEach, describe, expect, it } from 'vitest'
import type { Matcher } from '../../matcher/matcher.js'
import { definePlugin } from '../../plugin/define-plugin.js'
import { echo } from '../../plugins/echo.js'
import { v11Events, v12Events } from '../simulator/index.js'
import { createTestApp, type TestApp } from './index.js'

const ask = definePlugin({
  name: 'ask',
  setup(ctx) {
    ctx.command('ask').got('name', 'Your name?', async (c) => {
      const name = c.argText('name')?.trim()
      if (!name) await c.rejectArg('name', 'A name, please:')
      const info = await c.bot.callApi('get_stranger_info', { user_id: Number(c.userId) })
      await c.finish(`Hello ${name}, known as ${(info as { nickname: string }).nickname}`)
    })
  },
})

const greeter = definePlugin({
  name: 'greeter',
  setup(ctx) {
    ctx.notice((c) =>
      c.send(`notice ${'notice_type' in c.event ? c.event.notice_type : c.event.detail_type}`),
    )
    ctx.request(async (c) => {
      try {
        await c.bot.callApi('set_friend_add_request', { flag: 'f1', approve: true })
      } catch {
        await c.send('could not approve')
      }
    })
  },
})

let t: TestApp | undefined
afterEach(async () => {
  await t?.stop()
  t = undefined
})

describe.each(['memory', 'wire'] as const)('test kit over %s', (transport) => {
  it('V11: echo answers and finishes, nothing else', async () => {
    t = await createTestApp({ plugins: [echo], transport })
    await t.receive(v11Events.privateMessage({ text: '/echo hello' }))
    t.shouldSend('hello')
    t.shouldFinish('echo')
    t.shouldDoNothingElse()
    // In a group, only a message addressed to the bot is echoed (the real to_me).
    await t.receive(v11Events.groupMessage({ text: '/echo ignored' }))
    t.shouldDoNothingElse()
    await t.receive(v11Events.groupMessage({ text: '/echo hi', atBot: true }))
    expect(t.shouldSend([{ type: 'text', data: { text: 'hi' } }]).detailType).toBe('group')
    t.shouldDoNothingElse()
  })

  it('V11: a two-step conversation, with a programmed API answer', async () => {
    t = await createTestApp({ plugins: [ask], transport })
    await t.receive(v11Events.privateMessage({ text: '/ask' }))
    t.shouldSend('Your name?')
    t.shouldReject()
    await t.receive(v11Events.privateMessage({ text: '  ' }))
    t.shouldSend('A name, please:')
    t.shouldReject()
    t.answer('get_stranger_info', { user_id: 20002, nickname: 'Zed' })
    await t.receive(v11Events.privateMessage({ text: 'Ann' }))
    t.shouldCallApi('get_stranger_info', { user_id: 20002 })
    t.shouldSend('Hello Ann, known as Zed')
    t.shouldFinish()
    t.shouldDoNothingElse()
    expect(t.replies()).toEqual(['Your name?', 'A name, please:', 'Hello Ann, known as Zed'])
  })

  it('V11: notices and requests; an API error reaches the plugin', async () => {
    t = await createTestApp({ plugins: [greeter], transport })
    await t.receive(v11Events.notice.groupIncrease({ userId: 5 }))
    t.shouldSend('notice group_increase')
    t.answerError('set_friend_add_request', 100, 'no such request')
    await t.receive(v11Events.request.friend({ userId: 5, flag: 'f1' }))
    const call = t.shouldCallApi('set_friend_add_request', { flag: 'f1', approve: true })
    expect(call.outcome).toMatchObject({ status: 'failed', retcode: 100 })
    t.shouldSend('could not approve')
    t.shouldDoNothingElse()
  })

  it('uses the configured access token, and plays several bots', async () => {
    t = await createTestApp({
      plugins: [echo],
      transport,
      config: { ONEBOT_ACCESS_TOKEN: 'secret' },
      botIds: [10001, 10002],
    })
    expect([...t.app.bots.keys()]).toEqual(['onebot.v11:10001', 'onebot.v11:10002'])
    await t.receive(v11Events.privateMessage({ selfId: 10002, text: '/echo two' }))
    expect(t.shouldSend('two').record.botId).toBe('10002')
    expect(t.bot(10002).selfId).toBe('10002')
  })

  it('V12: echo and the conversation through the V12 adapter', async () => {
    t = await createTestApp({ plugins: [echo, ask, greeter], adapter: 'onebot.v12', transport })
    await t.receive(v12Events.privateMessage({ text: '/echo hello' }))
    expect(t.shouldSend('hello').record.action).toBe('send_message')
    await t.receive(v12Events.privateMessage({ text: '/ask' }))
    t.shouldSend('Your name?')
    t.answer('get_stranger_info', { nickname: 'Zed' })
    await t.receive(v12Events.privateMessage({ text: 'Bo' }))
    t.shouldCallApi('get_stranger_info')
    t.shouldSend('Hello Bo, known as Zed')
    await t.receive(v12Events.notice.groupMemberIncrease({ userId: 'u' }))
    t.shouldSend('notice group_member_increase')
    t.shouldDoNothingElse()
  })
})

describe('test kit assertions fail with clear messages', () => {
  it('a wrong reply, a missing call, an unexpected call and a wrong outcome', async () => {
    t = await createTestApp({ plugins: [echo, ask] })
    await t.say('/echo hello')
    expect(() => t!.shouldSend('goodbye')).toThrow(/sent something else/)
    expect(() => t!.shouldSend('x')).toThrow(/called nothing more/)
    await t.say('/ask')
    expect(() => t!.shouldFinish()).toThrow(/to be finished, but "command ask" was rejected/)
    expect(() => t!.shouldDoNothingElse()).toThrow(/also called: send_private_msg: Your name\?/)
    expect(() => t!.shouldCallApi('get_status')).toThrow(/a call to get_status, got send_private_msg/)
  })

  it('a RegExp or a predicate checks the next send, and says what was sent when it refuses', async () => {
    t = await createTestApp({ plugins: [echo] })
    await t.say('/echo hello world')
    await t.say('/echo second')
    await t.say('/echo third')
    expect(() => t!.shouldSend(/^bye/)).toThrow('the bot sent "hello world", which does not match /^bye/')
    expect(t.shouldSend(/^sec/g).text).toBe('second')
    expect(() => t!.shouldSend((m) => m.targetId === '5')).toThrow(
      'the bot sent "third", which the predicate refused',
    )
    t.shouldDoNothingElse()
  })

  it('picks the matcher an outcome assertion is about', async () => {
    let ping: Pick<Matcher, 'info'> | undefined
    const two = definePlugin({
      name: 'two',
      setup(ctx) {
        ping = ctx.command('ping', (c) => c.send('pong'))
        ctx.message({ priority: 5, name: 'catch-all' }, (c) => c.pause('more?'))
      },
    })
    t = await createTestApp({ plugins: [two] })
    await t.say('/ping')
    t.shouldSend('pong')
    t.shouldSend('more?')
    t.shouldPause('catch-all')
    t.shouldFinish(ping)
    expect(() => t!.shouldFinish('two')).toThrow(/no matcher turn ended/)
    // The waiting conversation takes the next message before any matcher.
    await t.say('/ping')
    expect(() => t!.shouldFinish('nobody')).toThrow(/only these turns ended: "catch-all" finished/)
    t.shouldFinish('catch-all')
  })

  it('an event the adapter drops is reported instead of hanging', async () => {
    t = await createTestApp({ plugins: [echo], timeoutMs: 200 })
    const event = v11Events.privateMessage({ text: '/echo once' })
    await t.receive(event)
    await expect(t.receive(event)).rejects.toThrow(/did not dispatch the message.private event/)
  })
})

const wireModes = [
  ['onebot.v11', 'ws-reverse'],
  ['onebot.v11', 'http-post'],
  ['onebot.v11', 'ws-forward'],
  ['onebot.v12', 'ws-reverse'],
  ['onebot.v12', 'webhook'],
  ['onebot.v12', 'ws-forward'],
] as const

describe.each(wireModes)('test kit on the wire, %s %s', (adapter, mode) => {
  it('runs the same conversation: echo, a question, an API answer', async () => {
    t = await createTestApp({ plugins: [echo, ask], adapter, transport: 'wire', mode })
    const pm = (text: string) =>
      adapter === 'onebot.v11' ? v11Events.privateMessage({ text }) : v12Events.privateMessage({ text })
    await t.receive(pm('/echo hello'))
    t.shouldSend('hello')
    t.shouldFinish()
    await t.receive(pm('/ask'))
    t.shouldSend('Your name?')
    t.shouldReject()
    t.answer('get_stranger_info', { nickname: 'Zed' })
    await t.receive(pm('Ann'))
    t.shouldCallApi('get_stranger_info')
    t.shouldSend('Hello Ann, known as Zed')
    t.shouldFinish()
    t.shouldDoNothingElse()
  })
})

it('a mode other than reverse WS needs the wire transport', async () => {
  await expect(createTestApp({ mode: 'http-post' })).rejects.toThrow(/needs transport: 'wire'/)
})
