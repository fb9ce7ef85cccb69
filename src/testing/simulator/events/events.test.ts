import { describe, expect, it } from 'vitest'
import { v11Events, v12Events } from './index.js'

describe('V11 event factories', () => {
  it('private message with defaults and a CQ raw_message', () => {
    const e = v11Events.privateMessage({ text: 'hi [1]', userId: 5, messageId: 77, time: 100 })
    expect(e).toEqual({
      time: 100,
      self_id: 10001,
      post_type: 'message',
      message_type: 'private',
      sub_type: 'friend',
      message_id: 77,
      user_id: 5,
      message: [{ type: 'text', data: { text: 'hi [1]' } }],
      raw_message: 'hi &#91;1&#93;',
      font: 0,
      sender: { user_id: 5, nickname: 'user5', sex: 'unknown', age: 0 },
    })
  })

  it('group message: @bot, a reply with the quoted author’s at, role', () => {
    const e = v11Events.groupMessage({
      selfId: 9,
      text: 'go',
      atBot: true,
      replyTo: { messageId: 3, userId: 4 },
      role: 'admin',
    })
    expect(e.message).toEqual([
      { type: 'reply', data: { id: '3' } },
      { type: 'at', data: { qq: '4' } },
      { type: 'text', data: { text: ' ' } },
      { type: 'at', data: { qq: '9' } },
      { type: 'text', data: { text: ' go' } },
    ])
    expect(e).toMatchObject({
      group_id: 30003,
      sender: { role: 'admin' },
      raw_message: '[CQ:reply,id=3][CQ:at,qq=4] [CQ:at,qq=9] go',
    })
  })

  it('message from a CQ string is parsed into segments', () => {
    expect(v11Events.privateMessage({ message: '[CQ:face,id=1]x' }).message).toEqual([
      { type: 'face', data: { id: '1' } },
      { type: 'text', data: { text: 'x' } },
    ])
  })

  it('messageSent is the bot’s own message, with post_type message_sent', () => {
    const e = v11Events.messageSent({ text: 'mine', groupId: 8 })
    expect(e).toMatchObject({
      post_type: 'message_sent',
      message_type: 'group',
      user_id: 10001,
      target_id: 8,
      message_sent_type: 'self',
    })
  })

  it('notices, requests and meta events carry their discriminators', () => {
    expect(v11Events.notice.groupIncrease({ userId: 1, operatorId: 2 })).toMatchObject({
      post_type: 'notice',
      notice_type: 'group_increase',
      sub_type: 'approve',
      group_id: 30003,
      user_id: 1,
      operator_id: 2,
    })
    const friendPoke = v11Events.notice.poke({ userId: 3 })
    expect(friendPoke).toMatchObject({
      notice_type: 'notify',
      sub_type: 'poke',
      sender_id: 3,
      target_id: 10001,
    })
    expect(friendPoke).not.toHaveProperty('group_id')
    expect(v11Events.request.group({ subType: 'invite', flag: 'f1' })).toMatchObject({
      request_type: 'group',
      sub_type: 'invite',
      flag: 'f1',
    })
    expect(v11Events.meta.heartbeat(5000)).toMatchObject({
      meta_event_type: 'heartbeat',
      interval: 5000,
      status: { good: true },
    })
  })
})

describe('V12 event factories', () => {
  it('messages have string ids, self, alt_message', () => {
    const e = v12Events.groupMessage({ text: 'yo', toMe: true, replyTo: { messageId: 'm1', userId: 'u2' } })
    expect(e).toMatchObject({
      type: 'message',
      detail_type: 'group',
      sub_type: '',
      self: { platform: 'qq', user_id: '10001' },
      group_id: '30003',
      user_id: '20002',
      alt_message: '[reply]@10001 yo',
    })
    expect(typeof e.id).toBe('string')
    expect(typeof e.message_id).toBe('string')
    expect(e.message[0]).toEqual({ type: 'reply', data: { message_id: 'm1', user_id: 'u2' } })
  })

  it('notices, walle requests and meta events', () => {
    expect(v12Events.notice.groupMessageDelete({ messageId: 'm' })).toMatchObject({
      detail_type: 'group_message_delete',
      sub_type: 'recall',
    })
    expect(v12Events.request.newFriend({ userId: 'x' })).toMatchObject({
      type: 'request',
      detail_type: 'new_friend',
      user_id: 'x',
    })
    const meta = v12Events.meta.heartbeat(100)
    expect(meta).toMatchObject({ type: 'meta', detail_type: 'heartbeat', interval: 100 })
    expect(meta).not.toHaveProperty('self')
  })
})
