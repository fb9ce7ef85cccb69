import { describe, expect, it } from 'vitest'
import { ApiHooks } from '../../../adapter/api-hooks.js'
import { V12Bot } from './bot.js'
import type { V12Event } from './events.js'
import { V12IncomingEvent } from './incoming.js'
import { V12MessageSegment as seg } from './message.js'
import { normalizeEvent } from './normalize.js'
import { CHANNEL, GROUP, PRIVATE } from './permission.js'

const bot = new V12Bot(
  '10',
  { platform: 'qq', user_id: '10' },
  new ApiHooks(),
  () => {
    throw new Error('no link in unit tests')
  },
  1000,
)

function incoming(raw: Record<string, unknown>, nicknames: readonly string[] = ['bot']) {
  const n = normalizeEvent({
    id: 'x',
    time: 1,
    sub_type: '',
    self: { platform: 'qq', user_id: '10' },
    ...raw,
  })
  if (!n.ok) throw new Error(n.reason)
  return new V12IncomingEvent(bot, n.event as V12Event, nicknames)
}
const privateMessage = (message: unknown[], userId = '42') =>
  incoming({ type: 'message', detail_type: 'private', message_id: '1', message, user_id: userId })
const group = (message: unknown[]) =>
  incoming({
    type: 'message',
    detail_type: 'group',
    message_id: '1',
    message,
    alt_message: '',
    group_id: 'g',
    user_id: '42',
  })

describe('V12 incoming events', () => {
  it('names events type.detail_type.sub_type, skipping an empty sub_type', () => {
    expect(group([]).name).toBe('message.group')
    const notice = incoming({
      type: 'notice',
      detail_type: 'group_member_increase',
      sub_type: 'join',
      group_id: 'g',
      user_id: '5',
      operator_id: '6',
    })
    expect(notice.name).toBe('notice.group_member_increase.join')
    expect(notice.kind).toBe('notice')
  })

  it('builds NoneBot session ids for private, group and channel, and for notices with ids', () => {
    const priv = privateMessage([])
    expect(priv.sessionId).toBe('42')
    expect(group([]).sessionId).toBe('group_g_42')
    const chan = incoming({
      type: 'message',
      detail_type: 'channel',
      message_id: '1',
      message: [],
      guild_id: 'G',
      channel_id: 'C',
      user_id: '42',
    })
    expect(chan.sessionId).toBe('guild_G_channel_C_42')
    const notice = incoming({
      type: 'notice',
      detail_type: 'group_member_decrease',
      group_id: 'g',
      user_id: '5',
      operator_id: '6',
    })
    expect(notice.userId).toBe('5')
    expect(notice.sessionId).toBe('group_g_5')
  })

  it('is to me in private chats, and PRIVATE/GROUP/CHANNEL tell the chats apart', () => {
    const priv = privateMessage([seg.text('hi')])
    expect(priv.toMe).toBe(true)
    expect(PRIVATE(priv)).toBe(true)
    expect(GROUP(priv)).toBe(false)
    expect(GROUP(group([]))).toBe(true)
    expect(CHANNEL(group([]))).toBe(false)
  })

  it('strips a leading mention of self (twice at most) and the space after it', () => {
    const ev = group([seg.mention('10'), seg.mention('10'), seg.text('  /echo hi')])
    expect(ev.toMe).toBe(true)
    expect(ev.plainText).toBe('/echo hi')
    expect(ev.originalMessage?.length).toBe(3)
  })

  it('strips a trailing mention of self, also before trailing whitespace', () => {
    const ev = group([seg.text('/echo hi '), seg.mention('10'), seg.text(' ')])
    expect(ev.toMe).toBe(true)
    expect(ev.message?.segments).toEqual([seg.text('/echo hi ')])
  })

  it('does not take a mention of someone else as addressed to the bot', () => {
    const ev = group([seg.mention('99'), seg.text('hello')])
    expect(ev.toMe).toBe(false)
    expect(ev.message?.length).toBe(2)
  })

  it('treats a reply to the bot as to me and removes the reply and the auto-mention after it', () => {
    const ev = group([seg.reply('m1', '10'), seg.mention('10'), seg.text(' thanks')])
    expect(ev.toMe).toBe(true)
    expect(ev.reply).toMatchObject({ message_id: 'm1', user_id: '10' })
    expect(ev.message?.segments).toEqual([seg.text('thanks')])
    const other = group([seg.reply('m1', '99'), seg.text('x')])
    expect(other.toMe).toBe(false)
  })

  it('strips a NICKNAME prefix case-insensitively with separators, in groups and private chats', () => {
    const ev = group([seg.text('Bot, /echo hi')])
    expect(ev.toMe).toBe(true)
    expect(ev.plainText).toBe('/echo hi')
    expect(group([seg.text('bottle')]).toMe).toBe(true) // NoneBot's pattern has no word boundary either
    expect(group([seg.text('robot')]).toMe).toBe(false)
    const noNick = incoming(
      {
        type: 'message',
        detail_type: 'group',
        message_id: '1',
        message: [seg.text('bot hi')],
        group_id: 'g',
        user_id: '1',
      },
      [],
    )
    expect(noNick.toMe).toBe(false)
  })

  it('leaves an empty text segment when everything was stripped', () => {
    const ev = group([seg.mention('10')])
    expect(ev.message?.segments).toEqual([seg.text('')])
    expect(ev.plainText).toBe('')
  })

  it('does not escape or parse CQ-like text', () => {
    const ev = group([seg.text('[CQ:face,id=1] &amp;')])
    expect(ev.plainText).toBe('[CQ:face,id=1] &amp;')
  })
})

describe('V12 own messages', () => {
  it('gives the bot’s own messages kind message_sent and never addresses them', () => {
    const own = privateMessage([seg.text('bot hi')], '10')
    expect(own.kind).toBe('message_sent')
    expect(own.name).toBe('message.private')
    expect(own.toMe).toBe(false)
    expect(own.plainText).toBe('bot hi')
    expect(PRIVATE(own)).toBe(false)
  })
})

describe('V12 event normalisation', () => {
  it('accepts draft-era events with top-level self_id and platform', () => {
    const n = normalizeEvent({
      id: '1',
      time: 1,
      type: 'message',
      detail_type: 'private',
      sub_type: '',
      impl: 'walle',
      platform: 'qq',
      self_id: 123,
      message_id: '1',
      message: 'plain [CQ:at,qq=1]',
      user_id: 5,
    })
    expect(n.ok).toBe(true)
    const ev = (n as { event: Record<string, unknown> }).event
    expect(ev.self).toEqual({ platform: 'qq', user_id: '123' })
    expect(ev.message).toEqual([{ type: 'text', data: { text: 'plain [CQ:at,qq=1]' } }])
    expect(ev.user_id).toBe('5')
    expect(ev.alt_message).toBe('')
  })

  it('fills a missing sub_type and keeps dotted extension keys verbatim', () => {
    const raw = {
      id: '1',
      time: 2,
      type: 'notice',
      detail_type: 'qq.poke',
      self: { platform: 'qq', user_id: '1' },
      'qq.target': '7',
    }
    const n = normalizeEvent(raw)
    expect(n.ok && n.event.sub_type).toBe('')
    expect(n.ok && n.event['qq.target']).toBe('7')
  })

  it('rejects non-meta events without any self unless the connection has one bot', () => {
    const raw = () => ({ id: '1', time: 1, type: 'notice', detail_type: 'friend_increase', user_id: '3' })
    expect(normalizeEvent(raw()).ok).toBe(false)
    const n = normalizeEvent(raw(), () => ({ platform: 'qq', user_id: '9' }))
    expect(n.ok && n.event.self).toEqual({ platform: 'qq', user_id: '9' })
    expect(normalizeEvent({ type: 'meta' }).ok).toBe(false)
  })
})
