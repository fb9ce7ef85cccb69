import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { findToken, tokenText } from './token.js'
import { v11Wire } from './v11.js'
import { v12Wire } from './v12.js'

describe('token', () => {
  it('finds the sequence number wherever the reply puts the text', () => {
    assert.equal(findToken(JSON.stringify({ params: { message: `${tokenText(42)}` } })), 42)
    assert.equal(findToken(`{"message":[{"type":"text","data":{"text":"${tokenText(7)}"}}]}`), 7)
    assert.equal(findToken(`{"message":"&#91;zq1 ${tokenText(123456)}"}`), 123456)
  })

  it('answers -1 when no complete token is present', () => {
    assert.equal(findToken('{"action":"get_login_info","echo":"zq"}'), -1)
    assert.equal(findToken('zq12q zqqz zq'), -1)
  })
})

describe('V11 frames', () => {
  it('writes private /echo events that parse to the fields a framework reads', () => {
    const event = JSON.parse(v11Wire.eventWriter('10001')(5, 20003))
    assert.equal(event.self_id, 10001)
    assert.equal(event.post_type, 'message')
    assert.equal(event.message_type, 'private')
    assert.equal(event.user_id, 20003)
    assert.equal(event.sender.user_id, 20003)
    assert.equal(event.raw_message, `/echo ${tokenText(5)}`)
    assert.deepEqual(event.message, [{ type: 'text', data: { text: `/echo ${tokenText(5)}` } }])
  })

  it('starts a connection with lifecycle connect and answers actions with their echo', () => {
    const [connect] = v11Wire.connectFrames('10001').map((f) => JSON.parse(f))
    assert.equal(connect.meta_event_type, 'lifecycle')
    assert.equal(connect.sub_type, 'connect')
    const send = JSON.parse(v11Wire.wsAnswer(v11Wire.actionData('send_private_msg', '10001', 9), '{"id":1}'))
    assert.deepEqual(send, { status: 'ok', retcode: 0, data: { message_id: 9 }, echo: { id: 1 } })
    const login = JSON.parse(v11Wire.httpAnswer(v11Wire.actionData('get_login_info', '10001', 1)))
    assert.equal(login.data.user_id, 10001)
  })
})

describe('V12 frames', () => {
  it('writes private /echo events with self, and connect + status_update first', () => {
    const event = JSON.parse(v12Wire.eventWriter('10001')(5, 20003))
    assert.equal(event.type, 'message')
    assert.equal(event.detail_type, 'private')
    assert.deepEqual(event.self, { platform: 'qq', user_id: '10001' })
    assert.equal(event.user_id, '20003')
    assert.equal(event.alt_message, `/echo ${tokenText(5)}`)
    const [connect, status] = v12Wire.connectFrames('10001').map((f) => JSON.parse(f))
    assert.equal(connect.detail_type, 'connect')
    assert.equal(connect.version.onebot_version, '12')
    assert.equal(status.status.bots[0].self.user_id, '10001')
  })

  it('answers send_message with a string message id and an empty message', () => {
    const answer = JSON.parse(v12Wire.wsAnswer(v12Wire.actionData('send_message', '10001', 9), '"e1"'))
    assert.equal(answer.data.message_id, '9')
    assert.equal(answer.message, '')
    assert.equal(answer.echo, 'e1')
  })
})
