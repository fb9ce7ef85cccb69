import { afterEach, describe, expect, it } from 'vitest'
import {
  createSimulator,
  type Simulator,
  type V11Mode,
  type V11ProfileName,
  type V11WireEvent,
  v11Events,
} from '../../../testing/simulator/index.js'
import { type SimApp, startSimApp } from '../../../testing/test-support/sim-app.js'
import { until } from '../../../testing/test-support/wait.js'
import type { V11Bot } from './bot.js'
import type { V11Options } from './config.js'
import type { V11IncomingEvent } from './incoming.js'
import { onebotV11 } from './index.js'
import { MessageSegment } from './message-segment.js'

const SELF = 10001
const modes: readonly V11Mode[] = ['ws-reverse', 'http-post', 'ws-forward']

/** One bot through one connection mode: the app, and the simulator playing the implementation. */
interface ModeBot {
  readonly t: SimApp
  readonly sim: Simulator
  /** Delivers one event (or raw JSON text) the way the mode does. */
  emit(event: Record<string, unknown> | string): Promise<void>
}

let m: ModeBot | undefined
afterEach(async () => {
  await m?.t.stop()
  m = undefined
})

async function openMode(
  mode: V11Mode,
  profile: V11ProfileName,
  config: Record<string, unknown> = {},
  options: Partial<V11Options> = {},
): Promise<ModeBot> {
  const adapters = [
    onebotV11({ reconnect: { initialMs: 20, maxMs: 200, jitter: 0 }, identifyTimeoutMs: 150, ...options }),
  ]
  const simOptions = { version: 11, profile, bots: [{ selfId: SELF }], heartbeatIntervalMs: false } as const
  let t: SimApp
  let sim: Simulator
  if (mode === 'ws-reverse') {
    t = await startSimApp({ adapters, config })
    sim = await t.sim({ ...simOptions, mode, url: `${t.wsBase}/onebot/v11/` })
    await sim.waitConnected()
    await until(() => t.botEvents.length === 1, 'the bot to connect')
  } else {
    sim = createSimulator({ ...simOptions, mode })
    await sim.start()
    const key =
      mode === 'http-post'
        ? { onebot_api_roots: sim.endpoints.apiRoots }
        : { onebot_ws_urls: sim.endpoints.wsUrls }
    t = await startSimApp({ adapters, config: { ...key, ...config }, sims: [sim] })
    if (mode === 'http-post') await sim.setPostUrl(`${t.httpBase}/onebot/v11/`)
    else await until(() => t.botEvents.length === 1, 'the bot to connect')
  }
  return {
    t,
    sim,
    async emit(event) {
      const delivery =
        typeof event === 'string' ? await sim.sendRaw(event) : await sim.send(event as V11WireEvent)
      if (delivery.httpStatus !== undefined && delivery.httpStatus !== 200)
        throw new Error(`POST answered ${delivery.httpStatus}: ${delivery.body}`)
    },
  }
}

type Seg = { type: string; data: Record<string, unknown> }
const at = (qq: number | string) => ({ type: 'at', data: { qq: String(qq) } })
const text = (t: string) => ({ type: 'text', data: { text: t } })
const privateMessage = (userId: number, message: Seg[] | string, messageId?: number) =>
  v11Events.privateMessage({
    selfId: SELF,
    userId,
    ...(typeof message === 'string' ? { text: message } : { message }),
    ...(messageId === undefined ? {} : { messageId }),
  }) as Record<string, unknown>
const groupMessage = (groupId: number, userId: number, message: Seg[] | string, messageId?: number) =>
  v11Events.groupMessage({
    selfId: SELF,
    groupId,
    userId,
    ...(typeof message === 'string' ? { text: message } : { message }),
    ...(messageId === undefined ? {} : { messageId }),
  }) as Record<string, unknown>
const messages = (t: SimApp) => t.events.items.filter((e) => e.kind === 'message')

describe.each(modes)('%s mode', (mode: V11Mode) => {
  it('answers /echo hello from a CQ-string implementation (go-cqhttp) with an array message', async () => {
    m = await openMode(mode, 'gocq')
    // The gocq profile posts CQ strings: `/echo hello &amp; &#91;world&#93;`.
    await m.emit(privateMessage(42, [text('/echo hello & [world]')]))
    const call = await m.sim.nextAction('send_private_msg')
    expect(call.params).toEqual({ user_id: 42, message: [text('hello & [world]')] })
    expect(m.t.events.items.find((e) => e.kind === 'message')?.plainText).toBe('/echo hello & [world]')
  })

  it('reads a millisecond time (NapCat without a QQ timestamp) as seconds', async () => {
    m = await openMode(mode, 'napcat')
    await m.emit({ ...privateMessage(42, 'in ms'), time: 1_700_000_000_123 })
    await m.emit({ ...privateMessage(42, 'in s'), time: 1_700_000_001 })
    await until(() => messages(m!.t).length === 2)
    const times = messages(m.t).map((e) => (e.event as { time: number }).time)
    expect(times).toEqual([1_700_000_000, 1_700_000_001])
  })

  it('detects @bot at the start of a group message, strips it and answers in the group', async () => {
    m = await openMode(mode, 'napcat')
    await m.emit(groupMessage(555, 42, [at(SELF), text(' /echo hi')]))
    const ev = await m.t.events.next((e) => e.kind === 'message')
    expect(ev.toMe).toBe(true)
    expect(ev.plainText).toBe('/echo hi')
    expect(ev.originalMessage?.segments[0]).toEqual(at(SELF))
    expect((await m.sim.nextAction('send_group_msg')).params).toEqual({
      group_id: 555,
      message: [text('hi')],
    })
  })

  it('detects @bot at the end and the nickname prefix', async () => {
    m = await openMode(mode, 'napcat', { nickname: ['Robo'] })
    await m.emit(groupMessage(555, 42, [text('hello '), at(SELF), text(' ')], 1))
    await m.emit(groupMessage(555, 42, 'robo, what time is it', 2))
    await m.emit(groupMessage(555, 42, 'nothing for the bot', 3))
    await until(() => messages(m!.t).length === 3)
    const [end, nick, none] = messages(m.t)
    expect([end!.toMe, end!.plainText]).toEqual([true, 'hello '])
    expect([nick!.toMe, nick!.plainText]).toEqual([true, 'what time is it'])
    expect(none!.toMe).toBe(false)
  })

  it('treats a reply to one of the bot messages as to_me and exposes event.reply', async () => {
    m = await openMode(mode, 'napcat')
    m.sim.override('get_msg', ({ params: p }) => ({
      time: 1,
      message_type: 'group',
      message_id: p.message_id,
      real_id: 1,
      sender: { user_id: SELF, nickname: 'bot' },
      message: [text('earlier')],
    }))
    await m.emit(
      groupMessage(555, 42, [{ type: 'reply', data: { id: '-12345' } }, at(SELF), text(' thanks')]),
    )
    const ev = (await m.t.events.next((e) => e.kind === 'message')) as V11IncomingEvent
    expect((await m.sim.nextAction('get_msg')).params).toEqual({ message_id: -12345 })
    expect(ev.toMe).toBe(true)
    expect(ev.reply?.id).toBe('-12345')
    expect(ev.reply?.message?.message).toEqual([text('earlier')])
    expect(ev.message?.segments).toEqual([text('thanks')])
  })

  it('never lets the bot answer its own messages (message_sent and user_id == self_id)', async () => {
    m = await openMode(mode, 'napcat')
    await m.emit({ ...privateMessage(42, '/echo loop', 1), post_type: 'message_sent' })
    await m.emit(groupMessage(555, SELF, '/echo loop', 2))
    await m.emit(privateMessage(42, '/echo done', 3))
    await m.sim.nextAction('send_private_msg')
    const kinds = m.t.events.items.filter((e) => e.name.startsWith('message')).map((e) => [e.kind, e.name])
    expect(kinds).toEqual([
      ['message_sent', 'message_sent.private.friend'],
      ['message_sent', 'message_sent.group.normal'],
      ['message', 'message.private.friend'],
    ])
    expect(m.sim.actions.filter((c) => c.action.startsWith('send_'))).toHaveLength(1)
  })

  it('drops duplicate deliveries of one event', async () => {
    m = await openMode(mode, 'gocq')
    const event = groupMessage(555, 42, 'once', 777)
    await m.emit(event)
    await m.emit(event)
    await m.emit(groupMessage(555, 42, 'after', 778))
    await m.t.events.next((e) => e.plainText === 'after')
    expect(m.t.events.items.filter((e) => e.plainText === 'once')).toHaveLength(1)
  })

  it('delivers unknown and partial events instead of dropping them', async () => {
    m = await openMode(mode, 'napcat')
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
    await until(() => m!.t.events.items.some((e) => e.name === 'mystery'))
    const names = m.t.events.items.filter((e) => e.kind !== 'meta').map((e) => e.name)
    expect(names).toEqual([
      'notice.brand_new.thing',
      'notice.notify.poke',
      'notice.notify.profile_like',
      'mystery',
    ])
    const poke = m.t.events.items.find((e) => e.name === 'notice.notify.poke')!
    expect([poke.toMe, poke.userId, poke.sessionId]).toEqual([true, '5', '5'])
  })

  it('keeps integers beyond 2^53 in events', async () => {
    m = await openMode(mode, 'gocq')
    await m.emit(
      `{"time":1,"self_id":${SELF},"post_type":"message","message_type":"guild","sub_type":"channel","guild_id":"1","channel_id":"2","user_id":"144115218678093982","message_id":"m1","message":"/echo big","raw_message":"/echo big","font":0,"sender":{"user_id":144115218678093982,"nickname":"x"}}`,
    )
    const ev = await m.t.events.next((e) => e.name === 'message.guild.channel')
    expect((ev.event as { sender: { user_id: unknown } }).sender.user_id).toBe('144115218678093982')
    expect(ev.userId).toBe('144115218678093982')
    const call = await m.sim.nextAction('send_guild_channel_msg')
    expect(call.params).toEqual({ guild_id: '1', channel_id: '2', message: [text('big')] })
  })

  it('bot.send picks the action for temporary sessions and honours atSender and reply', async () => {
    m = await openMode(mode, 'napcat')
    const plain = privateMessage(42, 'hi', 31)
    const temp = { ...plain, sub_type: 'group', sender: { ...(plain.sender as object), group_id: 555 } }
    await m.emit(temp)
    await m.emit(groupMessage(555, 42, 'hey', 32))
    await until(() => messages(m!.t).length === 2)
    const [tempEv, groupEv] = messages(m.t)
    const bot = tempEv!.bot as V11Bot
    await bot.send(tempEv!, 'temp reply')
    expect((await m.sim.nextAction('send_private_msg')).params).toEqual({
      user_id: 42,
      group_id: 555,
      message: [text('temp reply')],
    })
    await bot.send(groupEv!, [MessageSegment.face(14)], { atSender: true, reply: true })
    expect((await m.sim.nextAction('send_group_msg')).params).toEqual({
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
    m = await openMode(mode, 'napcat', {}, { heartbeatFactor: 2, heartbeatGraceMs: 0 })
    await m.emit(v11Events.meta.heartbeat(40, { selfId: SELF }))
    await m.t.events.next((e) => e.name === 'meta_event.heartbeat')
    await until(() => m!.t.botEvents.includes(`-${SELF}`), 'the bot to be removed')
    // Reverse modes dial again after a close: the bot may come back, but it left exactly once.
    expect(m.t.botEvents.slice(0, 2)).toEqual([`+${SELF}`, `-${SELF}`])
    expect(m.t.hasLog(/heartbeat/)).toBe(true)
  })

  it('raises ActionFailed (also for an unknown action answered with HTTP 404 and JSON) and times out per API_TIMEOUT', async () => {
    m = await openMode(mode, 'llonebot', { api_timeout: 0.2 })
    await m.emit(privateMessage(42, 'hello'))
    await until(() => m!.t.botEvents.length === 1)
    const bot = m.t.app.bot('onebot.v11', String(SELF)) as V11Bot
    // LLOneBot answers an unknown action with retcode 1404 over WS, HTTP 404 + retcode 404 over HTTP.
    await expect(bot.callApi('no_such_action')).rejects.toMatchObject({
      code: 'E_ACTION_FAILED',
      retcode: mode === 'http-post' ? 404 : 1404,
      reason: 'unknown action: no_such_action',
    })
    m.sim.override('get_status', { noAnswer: true })
    await expect(bot.call('get_status')).rejects.toMatchObject({ code: 'E_API_TIMEOUT' })
  })

  it('answers friend and group requests with the right action, flag and sub_type', async () => {
    m = await openMode(mode, 'napcat')
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
    await until(() => m!.t.events.items.filter((e) => e.kind === 'request').length === 2)
    const [friend, group] = m.t.events.items.filter((e) => e.kind === 'request')
    const bot = friend!.bot as V11Bot
    await bot.answerRequest(friend!, true, 'pal')
    await bot.answerRequest(group!, false, 'no thanks')
    expect((await m.sim.nextAction('set_friend_add_request')).params).toEqual({
      flag: 'f1',
      approve: true,
      remark: 'pal',
    })
    expect((await m.sim.nextAction('set_group_add_request')).params).toEqual({
      flag: 'g1',
      sub_type: 'invite',
      type: 'invite',
      approve: false,
      reason: 'no thanks',
    })
  })
})
