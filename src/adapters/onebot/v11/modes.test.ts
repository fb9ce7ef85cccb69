import { afterEach, describe, expect, it } from 'vitest'
import type { V11Bot } from './bot.js'
import type { V11IncomingEvent } from './incoming.js'
import { MessageSegment } from './message-segment.js'
import { until } from './test-app.js'
import { type Mode, type ModeBot, modes, openMode } from './test-modes.js'
import { groupMessage, heartbeat, impls, privateMessage } from './test-peers.js'

const SELF = 10001
let m: ModeBot | undefined
afterEach(async () => {
  await m?.close()
  m = undefined
})

const at = (qq: number | string) => ({ type: 'at', data: { qq: String(qq) } })
const text = (t: string) => ({ type: 'text', data: { text: t } })

describe.each(modes)('%s mode', (mode: Mode) => {
  it('answers /echo hello from a CQ-string implementation (go-cqhttp) with an array message', async () => {
    m = await openMode(mode, SELF, impls.gocq)
    await m.emit(privateMessage(SELF, 42, [text('/echo hello & [world]')], { format: 'string' }))
    const call = await m.responder.next('send_private_msg')
    expect(call.params).toEqual({ user_id: 42, message: [text('hello & [world]')] })
  })

  it('reads a millisecond time (NapCat without a QQ timestamp) as seconds', async () => {
    m = await openMode(mode, SELF, impls.napcat)
    await m.emit({ ...privateMessage(SELF, 42, 'in ms'), time: 1_700_000_000_123 })
    await m.emit({ ...privateMessage(SELF, 42, 'in s'), time: 1_700_000_001 })
    await until(() => m!.t.events.filter((e) => e.kind === 'message').length === 2)
    const times = m.t.events
      .filter((e) => e.kind === 'message')
      .map((e) => (e.event as { time: number }).time)
    expect(times).toEqual([1_700_000_000, 1_700_000_001])
  })

  it('detects @bot at the start of a group message, strips it and answers in the group', async () => {
    m = await openMode(mode, SELF, impls.napcat)
    await m.emit(groupMessage(SELF, 555, 42, [at(SELF), text(' /echo hi')]))
    const ev = await m.t.event((e) => e.kind === 'message')
    expect(ev.toMe).toBe(true)
    expect(ev.plainText).toBe('/echo hi')
    expect(ev.originalMessage?.segments[0]).toEqual(at(SELF))
    expect((await m.responder.next('send_group_msg')).params).toEqual({
      group_id: 555,
      message: [text('hi')],
    })
  })

  it('detects @bot at the end and the nickname prefix', async () => {
    m = await openMode(mode, SELF, impls.napcat, { nickname: ['Robo'] })
    await m.emit(groupMessage(SELF, 555, 42, [text('hello '), at(SELF), text(' ')], { messageId: 1 }))
    await m.emit(groupMessage(SELF, 555, 42, 'robo, what time is it', { messageId: 2 }))
    await m.emit(groupMessage(SELF, 555, 42, 'nothing for the bot', { messageId: 3 }))
    await until(() => m!.t.events.filter((e) => e.kind === 'message').length === 3)
    const [end, nick, none] = m.t.events.filter((e) => e.kind === 'message')
    expect([end!.toMe, end!.plainText]).toEqual([true, 'hello '])
    expect([nick!.toMe, nick!.plainText]).toEqual([true, 'what time is it'])
    expect(none!.toMe).toBe(false)
  })

  it('treats a reply to one of the bot messages as to_me and exposes event.reply', async () => {
    m = await openMode(mode, SELF, impls.napcat)
    m.responder.answers.set('get_msg', (p) => ({
      time: 1,
      message_type: 'group',
      message_id: p.message_id,
      real_id: 1,
      sender: { user_id: SELF, nickname: 'bot' },
      message: [text('earlier')],
    }))
    await m.emit(
      groupMessage(SELF, 555, 42, [{ type: 'reply', data: { id: '-12345' } }, at(SELF), text(' thanks')]),
    )
    const ev = (await m.t.event((e) => e.kind === 'message')) as V11IncomingEvent
    expect((await m.responder.next('get_msg')).params).toEqual({ message_id: -12345 })
    expect(ev.toMe).toBe(true)
    expect(ev.reply?.id).toBe('-12345')
    expect(ev.reply?.message?.message).toEqual([text('earlier')])
    expect(ev.message?.segments).toEqual([text('thanks')])
  })

  it('never lets the bot answer its own messages (message_sent and user_id == self_id)', async () => {
    m = await openMode(mode, SELF, impls.napcat)
    await m.emit(privateMessage(SELF, 42, '/echo loop', { postType: 'message_sent', messageId: 1 }))
    await m.emit(groupMessage(SELF, 555, SELF, '/echo loop', { messageId: 2 }))
    await m.emit(privateMessage(SELF, 42, '/echo done', { messageId: 3 }))
    await m.responder.next('send_private_msg')
    const kinds = m.t.events.filter((e) => e.name.startsWith('message')).map((e) => [e.kind, e.name])
    expect(kinds).toEqual([
      ['message_sent', 'message_sent.private.friend'],
      ['message_sent', 'message_sent.group.normal'],
      ['message', 'message.private.friend'],
    ])
    expect(m.responder.calls.filter((c) => c.action.startsWith('send_'))).toHaveLength(1)
  })

  it('drops duplicate deliveries of one event', async () => {
    m = await openMode(mode, SELF, impls.gocq)
    const event = groupMessage(SELF, 555, 42, 'once', { messageId: 777 })
    await m.emit(event)
    await m.emit(event)
    await m.emit(groupMessage(SELF, 555, 42, 'after', { messageId: 778 }))
    await m.t.event((e) => e.plainText === 'after')
    expect(m.t.events.filter((e) => e.plainText === 'once')).toHaveLength(1)
  })

  it('delivers unknown and partial events instead of dropping them', async () => {
    m = await openMode(mode, SELF, impls.napcat)
    await m.emit({
      time: 1,
      self_id: SELF,
      post_type: 'notice',
      notice_type: 'brand_new',
      sub_type: 'thing',
      user_id: 5,
    })
    await m.emit({
      time: 2,
      self_id: SELF,
      post_type: 'notice',
      notice_type: 'notify',
      sub_type: 'poke',
      user_id: 5,
      target_id: SELF,
    })
    await m.emit({
      time: 3,
      self_id: SELF,
      post_type: 'notice',
      notice_type: 'notify',
      sub_type: 'profile_like',
      operator_id: 5,
      operator_nick: 'x',
      times: 1,
    })
    await m.emit({ time: 4, self_id: SELF, post_type: 'mystery' })
    await until(() => m!.t.events.some((e) => e.name === 'mystery'))
    const names = m.t.events.filter((e) => e.kind !== 'meta').map((e) => e.name)
    expect(names).toEqual([
      'notice.brand_new.thing',
      'notice.notify.poke',
      'notice.notify.profile_like',
      'mystery',
    ])
    const poke = m.t.events.find((e) => e.name === 'notice.notify.poke')!
    expect([poke.toMe, poke.userId, poke.sessionId]).toEqual([true, '5', '5'])
  })

  it('keeps integers beyond 2^53 in events', async () => {
    m = await openMode(mode, SELF, impls.gocq)
    await m.emit(
      `{"time":1,"self_id":${SELF},"post_type":"message","message_type":"guild","sub_type":"channel","guild_id":"1","channel_id":"2","user_id":"144115218678093982","message_id":"m1","message":"/echo big","raw_message":"/echo big","font":0,"sender":{"user_id":144115218678093982,"nickname":"x"}}`,
    )
    const ev = await m.t.event((e) => e.name === 'message.guild.channel')
    expect((ev.event as { sender: { user_id: unknown } }).sender.user_id).toBe('144115218678093982')
    expect(ev.userId).toBe('144115218678093982')
    const call = await m.responder.next('send_guild_channel_msg')
    expect(call.params).toEqual({ guild_id: '1', channel_id: '2', message: [text('big')] })
  })

  it('bot.send picks the action for temporary sessions and honours atSender and reply', async () => {
    m = await openMode(mode, SELF, impls.napcat)
    const temp = privateMessage(SELF, 42, 'hi', { subType: 'group', messageId: 31 })
    ;(temp.sender as Record<string, unknown>).group_id = 555
    await m.emit(temp)
    await m.emit(groupMessage(SELF, 555, 42, 'hey', { messageId: 32 }))
    await until(() => m!.t.events.filter((e) => e.kind === 'message').length === 2)
    const [tempEv, groupEv] = m.t.events.filter((e) => e.kind === 'message')
    const bot = tempEv!.bot as V11Bot
    await bot.send(tempEv!, 'temp reply')
    expect((await m.responder.next('send_private_msg')).params).toEqual({
      user_id: 42,
      group_id: 555,
      message: [text('temp reply')],
    })
    await bot.send(groupEv!, [MessageSegment.face(14)], { atSender: true, reply: true })
    expect((await m.responder.next('send_group_msg')).params).toEqual({
      group_id: 555,
      message: [
        { type: 'reply', data: { id: '32' } },
        at(42),
        text(' '),
        { type: 'face', data: { id: '14' } },
      ],
    })
  })

  it('removes a bot whose heartbeats stop, announcing connect and disconnect once', async () => {
    m = await openMode(mode, SELF, impls.napcat, {}, { heartbeatFactor: 2, heartbeatGraceMs: 0 })
    await m.emit(heartbeat(SELF, 40))
    await m.t.event((e) => e.name === 'meta_event.heartbeat')
    await until(() => m!.t.disconnected.length === 1)
    expect(m.t.connected.filter((b) => b === m!.t.disconnected[0])).toHaveLength(1)
    expect(m.t.hasLog(/heartbeat/)).toBe(true)
  })

  it('raises ActionFailed (also for an unknown action answered with HTTP 404 and JSON) and times out per API_TIMEOUT', async () => {
    m = await openMode(mode, SELF, impls.llonebot, { api_timeout: 0.2 })
    await m.emit(privateMessage(SELF, 42, 'hello'))
    await until(() => m!.t.adapter.bots.has(String(SELF)))
    const bot = m.t.adapter.bots.get(String(SELF))!
    m.responder.answers.set('no_such_action', () => ({
      status: 'failed',
      retcode: 404,
      data: null,
      message: 'unknown action',
    }))
    await expect(bot.callApi('no_such_action')).rejects.toMatchObject({
      code: 'E_ACTION_FAILED',
      retcode: 404,
      reason: 'unknown action',
    })
    m.responder.silent.add('get_status')
    await expect(bot.call('get_status')).rejects.toMatchObject({ code: 'E_API_TIMEOUT' })
  })

  it('answers friend and group requests with the right action, flag and sub_type', async () => {
    m = await openMode(mode, SELF, impls.napcat)
    await m.emit({
      time: 1,
      self_id: SELF,
      post_type: 'request',
      request_type: 'friend',
      user_id: 5,
      comment: 'hi',
      flag: 'f1',
    })
    await m.emit({
      time: 1,
      self_id: SELF,
      post_type: 'request',
      request_type: 'group',
      sub_type: 'invite',
      group_id: 9,
      user_id: 5,
      flag: 'g1',
    })
    await until(() => m!.t.events.filter((e) => e.kind === 'request').length === 2)
    const [friend, group] = m.t.events.filter((e) => e.kind === 'request')
    const bot = friend!.bot as V11Bot
    await bot.answerRequest(friend!, true, 'pal')
    await bot.answerRequest(group!, false, 'no thanks')
    expect((await m.responder.next('set_friend_add_request')).params).toEqual({
      flag: 'f1',
      approve: true,
      remark: 'pal',
    })
    expect((await m.responder.next('set_group_add_request')).params).toEqual({
      flag: 'g1',
      sub_type: 'invite',
      type: 'invite',
      approve: false,
      reason: 'no thanks',
    })
  })
})
