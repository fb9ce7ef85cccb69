import { describe, expect, it } from 'vitest'
import { ActionDesk } from './action-desk.js'
import { MessageStore } from './message-store.js'
import { type ProfileName, profiles } from './profiles.js'
import { ActionFailure, type SimBot } from './types.js'

const bot: SimBot = { id: '10001', platform: 'qq', nickname: 'Bot' }

function desk(profile: ProfileName = 'napcat', bots: SimBot[] = [bot]) {
  return new ActionDesk({ profile: profiles[profile], bots, store: new MessageStore() })
}

const ask = (d: ActionDesk, action: string, params: Record<string, unknown> = {}, echo: unknown = 'e') =>
  d
    .handle({ action, params, echo }, bot, 'ws-reverse', 'ws')
    .then((a) => a.response as Record<string, unknown> | undefined)

describe('ActionDesk', () => {
  it('answers defaults: login info, incrementing message ids, version info per profile', async () => {
    const d = desk('gocq')
    expect(await ask(d, 'get_login_info')).toEqual({
      status: 'ok',
      retcode: 0,
      data: { user_id: 10001, nickname: 'Bot' },
      msg: '',
      wording: '',
      message: '',
      echo: 'e',
    })
    expect((await ask(d, 'send_msg', { user_id: 1, message: 'a' }))?.data).toEqual({ message_id: 1 })
    expect((await ask(d, 'send_private_msg', { user_id: 1, message: 'b' }))?.data).toEqual({ message_id: 2 })
    expect((await ask(d, 'get_version_info'))?.data).toEqual({
      app_name: 'go-cqhttp',
      app_version: 'v1.2.0',
      protocol_version: 'v11',
    })
    expect((await ask(d, 'delete_msg', { message_id: 2 }))?.status).toBe('ok')
    expect(await ask(d, 'get_msg', { message_id: 2 })).toMatchObject({ status: 'failed', retcode: 100 })
  })

  it('lagrange failures carry no text field', async () => {
    expect(await ask(desk('lagrange'), 'nope')).toEqual({
      status: 'failed',
      retcode: 404,
      data: null,
      echo: 'e',
    })
  })

  it('strips `_async` like gocq/napcat, but not for lagrange', async () => {
    expect((await ask(desk('napcat'), 'send_msg_async', { user_id: 1, message: 'x' }))?.status).toBe('ok')
    expect((await ask(desk('lagrange'), 'send_msg_async', { user_id: 1, message: 'x' }))?.retcode).toBe(404)
  })

  it('answers V11 set_* actions with null data by default', async () => {
    expect(await ask(desk(), 'set_group_ban', { group_id: 1, user_id: 2 })).toMatchObject({
      status: 'ok',
      data: null,
    })
  })

  it('overrides: result, failure, handler, ActionFailure, thrown errors, times and undo', async () => {
    const d = desk()
    const undo = d.override('get_status', { result: { online: false } })
    expect((await ask(d, 'get_status'))?.data).toEqual({ online: false })
    undo()
    expect((await ask(d, 'get_status'))?.data).toEqual({ online: true, good: true })

    d.override('send_msg', { fail: { retcode: 1200, message: 'blocked' } }, { times: 1 })
    expect(await ask(d, 'send_msg')).toMatchObject({
      status: 'failed',
      retcode: 1200,
      message: 'blocked',
      wording: 'blocked',
    })
    expect((await ask(d, 'send_msg'))?.status).toBe('ok')

    d.override('get_group_info', (call) => ({ group_id: call.params.group_id, group_name: 'named' }))
    expect((await ask(d, 'get_group_info', { group_id: 5 }))?.data).toEqual({
      group_id: 5,
      group_name: 'named',
    })

    d.override('get_stranger_info', () => {
      throw new ActionFailure(102, 'no such user')
    })
    expect(await ask(d, 'get_stranger_info')).toMatchObject({ retcode: 102, message: 'no such user' })

    d.override('get_friend_list', () => {
      throw new Error('boom')
    })
    // napcat (the default profile) answers a handler that threw with retcode 1200 over WS.
    expect(await ask(d, 'get_friend_list')).toMatchObject({
      status: 'failed',
      retcode: 1200,
      message: 'boom',
    })
  })

  it('napcat always answers with echo (null without one) and 1200 / 200 for thrown handlers; gocq 100', async () => {
    const boom = () => {
      throw new Error('boom')
    }
    const napcat = desk('napcat')
    napcat.override('get_friend_list', boom)
    const noEcho = await napcat.handle({ action: 'get_login_info', params: {} }, bot, 'ws-reverse', 'ws')
    expect(noEcho.response).toHaveProperty('echo', null)
    expect(
      (await napcat.handle({ action: 'get_friend_list', params: {} }, bot, 'http', 'http')).response,
    ).toMatchObject({ retcode: 200 })
    expect(await ask(napcat, 'get_friend_list')).toMatchObject({ retcode: 1200, echo: 'e' })
    const gocq = desk('gocq')
    gocq.override('get_friend_list', boom)
    expect(await ask(gocq, 'get_friend_list')).toMatchObject({ retcode: 100 })
    const gocqNoEcho = await gocq.handle({ action: 'get_login_info', params: {} }, bot, 'ws-reverse', 'ws')
    expect(gocqNoEcho.response).not.toHaveProperty('echo')
  })

  it('records every action in order with its outcome; noAnswer stays pending', async () => {
    const d = desk()
    d.override('get_status', { noAnswer: true })
    expect(await ask(d, 'get_status')).toBeUndefined()
    await ask(d, 'nope')
    await ask(d, 'get_login_info')
    expect(d.recorder.all.map((r) => [r.seq, r.action, r.outcome.status])).toEqual([
      [1, 'get_status', 'pending'],
      [2, 'nope', 'failed'],
      [3, 'get_login_info', 'ok'],
    ])
  })

  it('next() hands out each action once, including ones that arrived before waiting', async () => {
    const d = desk()
    await ask(d, 'get_status')
    await ask(d, 'send_msg', { user_id: 1, message: 'x' })
    expect((await d.recorder.next('send_msg')).action).toBe('send_msg')
    expect((await d.recorder.next()).action).toBe('get_status')
    const later = d.recorder.next('get_login_info')
    await ask(d, 'get_login_info')
    expect((await later).seq).toBe(3)
    expect(d.recorder.untaken()).toEqual([])
    await expect(d.recorder.next('send_msg', { timeoutMs: 20 })).rejects.toThrow(
      'No send_msg within 20 ms (actions so far: get_status, send_msg, get_login_info)',
    )
  })

  it('sentMessages renders successful sends only', async () => {
    const d = desk()
    await ask(d, 'send_group_msg', {
      group_id: 9,
      message: [
        { type: 'at', data: { qq: '5' } },
        { type: 'text', data: { text: ' hi' } },
      ],
    })
    d.override('send_msg', { fail: { retcode: 1200 } })
    await ask(d, 'send_msg', { user_id: 5, message: 'lost' })
    expect(d.recorder.sentMessages({ '5': 'Alice' }).map((m) => [m.text, m.detailType, m.targetId])).toEqual([
      ['@Alice hi', 'group', '9'],
    ])
  })

  it('V12: envelope has message, echo only when non-empty, and self routing', async () => {
    const two: SimBot[] = [bot, { id: '2', platform: 'qq', nickname: 'Two' }]
    const d = desk('walle', two)
    const answer = await d.handle(
      { action: 'get_self_info', params: {}, self: { platform: 'qq', user_id: '2' } },
      undefined,
      'http',
      'http',
    )
    expect(answer.response).toEqual({
      status: 'ok',
      retcode: 0,
      data: { user_id: '2', user_name: 'Two', user_displayname: '' },
      message: '',
    })
    const meta = await d.handle({ action: 'get_version', params: {}, echo: '' }, undefined, 'http', 'http')
    expect(meta.response).not.toHaveProperty('echo')
    const missing = await d.handle({ action: 'get_self_info', params: {} }, undefined, 'http', 'http')
    expect(missing.response).toMatchObject({ retcode: 10101 })
  })
})

describe('ActionRecorder.listen', () => {
  it('reports actions as they arrive until unsubscribed', async () => {
    const d = desk()
    const seen: string[] = []
    const stop = d.recorder.listen((record) => seen.push(`${record.action}:${record.outcome.status}`))
    await ask(d, 'get_status')
    stop()
    await ask(d, 'get_login_info')
    expect(seen).toEqual(['get_status:pending'])
  })
})
