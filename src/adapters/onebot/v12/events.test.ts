import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { type SimApp, startSimApp } from '../../../testing/test-support/sim-app.js'
import { until } from '../../../testing/test-support/wait.js'
import type { V12Bot } from './bot.js'
import { V12_EVENT_KEYS, V12_STANDARD_DETAIL_TYPES } from './events.js'
import { onebotV12 } from './index.js'

// NoneBot's V12 fixture (MIT, see fixtures/NOTICE.md).
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/nonebot-events.json', import.meta.url), 'utf8'),
) as Record<string, unknown>[]

let t: SimApp | undefined
afterEach(async () => {
  await t?.stop()
  t = undefined
})

const self = (user_id: string, platform = 'qq') => ({ platform, user_id })

/** A Walle-Q simulator on reverse WS that announces nothing: the test sends every frame itself. */
async function connected(): Promise<{ send(event: unknown): Promise<unknown> }> {
  t = await startSimApp({ adapters: [onebotV12({ discoveryTimeoutMs: 10_000 })], echo: false })
  const sim = await t.sim({
    version: 12,
    mode: 'ws-reverse',
    url: `${t.wsBase}/onebot/v12/`,
    announce: false,
    heartbeatIntervalMs: false,
  })
  await sim.waitConnected()
  // Raw frames: the events name bots the simulator does not play.
  return { send: (event) => sim.sendRaw(JSON.stringify(event)) }
}

const notice = (detail_type: string, fields: Record<string, unknown>, sub_type = '') => ({
  id: detail_type,
  time: 1,
  type: 'notice',
  detail_type,
  sub_type,
  self: self('10'),
  ...fields,
})

describe('V12 events over the wire', () => {
  it('dispatches NoneBot’s fixture events with their names and learns/drops the bot', async () => {
    const p = await connected()
    for (const { _model, ...event } of fixture) await p.send(event)
    await until(() => t!.events.items.length === 4, 'four events')
    expect(t!.events.items.map((e) => e.name)).toEqual([
      'meta.connect',
      'meta.status_update',
      'meta.status_update',
      'message.private',
    ])
    // status_update: qq/0 online; then qq/0 offline and telegram/2345678 online; the message's
    // self brings qq/0 back.
    expect(t!.botEvents).toEqual(['+0', '-0', '+2345678', '+0'])
    expect((t!.app.bot('onebot.v12', '2345678') as V12Bot).platform).toBe('telegram')
    const msg = t!.events.items[3]!
    expect(msg.plainText).toBe('OneBot is not a bot')
    expect(msg.toMe).toBe(true)
    expect((msg.event as Record<string, unknown>).alt_message).toBe('OneBot is not a bot[图片]')
    const status = t!.events.items[1]!.event as { status: { bots: Record<string, unknown>[] } }
    expect(status.status.bots[0]!['qq.status']).toBeDefined()
  })

  it('dispatches every standard notice with its dotted name, user and session', async () => {
    const p = await connected()
    const ids = {
      user_id: 'u',
      operator_id: 'o',
      group_id: 'g',
      guild_id: 'G',
      channel_id: 'C',
      message_id: 'm',
    }
    for (const detail of V12_STANDARD_DETAIL_TYPES.notice) await p.send(notice(detail, ids))
    await until(() => t!.events.items.length === V12_STANDARD_DETAIL_TYPES.notice.length, 'all notices')
    expect(t!.events.items.map((e) => e.name)).toEqual(
      V12_STANDARD_DETAIL_TYPES.notice.map((d) => `notice.${d}`),
    )
    expect(t!.events.items.every((e) => e.kind === 'notice' && e.userId === 'u')).toBe(true)
  })

  it('delivers extension events and requests instead of dropping them, keeping prefixed fields', async () => {
    const p = await connected()
    await p.send(
      notice('qq.group_poke', { group_id: 'g', user_id: 'u', 'qq.receiver_id': '10' }, 'qq.double'),
    )
    await p.send({ ...notice('new_friend', { request_id: 7, user_id: 'u', message: 'hi' }), type: 'request' })
    await p.send({ id: 'x', time: 1, type: 'meta', detail_type: 'qq.lagging', sub_type: '' })
    await until(() => t!.events.items.length === 3, 'three events')
    const [poke, request, meta] = t!.events.items
    expect(poke!.name).toBe('notice.qq.group_poke.qq.double')
    expect((poke!.event as Record<string, unknown>)['qq.receiver_id']).toBe('10')
    expect(request!.kind).toBe('request')
    expect(request!.name).toBe('request.new_friend')
    expect(meta!.kind).toBe('meta')
  })

  it('accepts draft-era frames (top-level platform/self_id, heartbeat with status)', async () => {
    const p = await connected()
    await p.send({
      id: '1',
      time: 1,
      type: 'meta',
      detail_type: 'heartbeat',
      sub_type: '',
      interval: 5000,
      status: { good: true },
    })
    await p.send({
      id: '2',
      time: 1,
      impl: 'walle-q',
      platform: 'qq',
      self_id: '99',
      type: 'message',
      detail_type: 'group',
      sub_type: '',
      message_id: '1',
      message: [{ type: 'text', data: { text: 'old' } }],
      alt_message: 'old',
      group_id: 'g',
      user_id: '5',
    })
    await until(() => t!.events.items.length === 2, 'two events')
    const message = t!.events.items[1]!
    expect((message.bot as V12Bot).self).toEqual({ platform: 'qq', user_id: '99' })
    expect(message.sessionId).toBe('group_g_5')
  })

  it('exposes every standard key at runtime', () => {
    expect(V12_EVENT_KEYS).toContain('message.group')
    expect(V12_EVENT_KEYS).toContain('notice.channel_delete')
    expect(V12_EVENT_KEYS).toContain('meta.status_update')
    expect(V12_EVENT_KEYS).toContain('request')
  })

  it('drops a duplicate of a recent event (same bot and id), also across webhook and WebSocket', async () => {
    const p = await connected()
    const twice = notice('friend_increase', { user_id: 'u' })
    await p.send(twice)
    await p.send(twice)
    await fetch(`${t!.httpBase}/onebot/v12/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(twice),
    })
    await p.send({ ...twice, self: self('11') }) // same id, other bot: not a duplicate
    await p.send({ ...twice, id: 'other' })
    await until(() => t!.events.items.length === 3, 'three events')
    expect(t!.events.items.map((e) => `${e.bot.selfId}:${(e.event as { id: string }).id}`)).toEqual([
      '10:friend_increase',
      '11:friend_increase',
      '10:other',
    ])
  })
})
