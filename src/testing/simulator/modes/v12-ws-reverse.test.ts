import { decode, encode } from '@msgpack/msgpack'
import { describe, expect, it } from 'vitest'
import { v12Events } from '../index.js'
import type { Json } from '../test-support/peers.js'
import { reverseWsFixture } from '../test-support/reverse-ws-fixture.js'

const { dialling } = reverseWsFixture(12)

const twoBots = [{ userId: '1' }, { userId: '2', platform: 'qq' }]
const self1 = { platform: 'qq', user_id: '1' }

describe('V12 reverse WebSocket', () => {
  it('offers 12.<impl>, sends Bearer, then connect, status_update and heartbeats', async () => {
    const { peer } = await dialling({ accessToken: 'tok', bots: twoBots, heartbeatIntervalMs: 40 })
    const socket = await peer.sockets.next()
    expect(socket.req.headers['sec-websocket-protocol']).toBe('12.walle-q')
    expect(socket.req.headers.authorization).toBe('Bearer tok')
    expect(socket.req.headers['user-agent']).toMatch(/^OneBot\/12 Walle/)
    expect(await socket.frames.next()).toMatchObject({
      type: 'meta',
      detail_type: 'connect',
      version: { impl: 'walle-q', onebot_version: '12' },
    })
    const status = await socket.frames.next()
    expect(status).toMatchObject({ detail_type: 'status_update', status: { good: true } })
    expect((status.status as { bots: unknown[] }).bots).toEqual([
      { self: self1, online: true },
      { self: { platform: 'qq', user_id: '2' }, online: true },
    ])
    // walle-core announces the interval in seconds (`Duration::from_secs`): 40 ms is 0.04.
    expect(await socket.frames.next()).toMatchObject({ detail_type: 'heartbeat', interval: 0.04 })
  })

  it('fails like a strict client when the server does not confirm the subprotocol', async () => {
    const { sim } = await dialling({ reconnectIntervalMs: 20 }, { echoProtocol: false })
    await expect(sim.waitConnected({ timeoutMs: 300 })).rejects.toThrow(/subprotocol/)
  })

  it('routes actions by self: 10101 without it on a multi-bot connection, 10102 for an unknown one', async () => {
    const { peer, sim } = await dialling({ bots: twoBots, heartbeatIntervalMs: false })
    const socket = await peer.sockets.next()
    expect(
      await socket.call('send_message', { detail_type: 'private', user_id: '9', message: [] }),
    ).toMatchObject({
      status: 'failed',
      retcode: 10101,
      message: 'Who Am I',
    })
    expect(await socket.call('get_self_info', {}, { self: { platform: 'qq', user_id: '3' } })).toMatchObject({
      retcode: 10102,
    })
    expect(await socket.call('get_self_info', {}, { self: { platform: 'qq', user_id: '2' } })).toMatchObject({
      status: 'ok',
      retcode: 0,
      message: '',
      data: { user_id: '2' },
    })
    const sent = await socket.call(
      'send_message',
      {
        detail_type: 'group',
        group_id: '5',
        message: [
          { type: 'mention', data: { user_id: '9' } },
          { type: 'text', data: { text: ' hi' } },
        ],
      },
      { self: self1 },
    )
    expect(sent).toMatchObject({ status: 'ok', data: { message_id: '1' } })
    expect(await socket.call('get_status')).toMatchObject({ status: 'ok', data: { good: true } })
    expect(sim.sentMessages()).toMatchObject([
      { text: '@9 hi', detailType: 'group', targetId: '5', botId: '1' },
    ])
    expect(sim.actions.at(-2)?.self).toEqual(self1)
  })

  it('answers MessagePack frames in MessagePack', async () => {
    const { peer } = await dialling({ heartbeatIntervalMs: false })
    const socket = await peer.sockets.next()
    socket.ws.send(encode({ action: 'get_version', params: {}, echo: 'm1' }))
    const reply = decode(await socket.binary.next()) as Json
    expect(reply).toMatchObject({ status: 'ok', echo: 'm1', data: { impl: 'walle-q' } })
  })

  it('lists supported actions and reports unsupported ones with 10002', async () => {
    const { peer } = await dialling({ heartbeatIntervalMs: false })
    const socket = await peer.sockets.next()
    const supported = (await socket.call('get_supported_actions')).data as string[]
    expect(supported).toEqual(
      expect.arrayContaining(['send_message', 'get_self_info', 'get_status', 'get_version']),
    )
    expect(supported).not.toContain('get_latest_events')
    expect(await socket.call('qq.nope')).toMatchObject({ status: 'failed', retcode: 10002 })
  })

  it('pushes events from the factories with self filled in', async () => {
    const { peer, sim } = await dialling({ bots: twoBots, heartbeatIntervalMs: false })
    const socket = await peer.sockets.next()
    await sim.waitConnected()
    await sim.sendMessage('2', 'hello', { groupId: 'g1', atBot: true })
    const event = await socket.frames.next((f) => f.type === 'message')
    expect(event).toMatchObject({
      detail_type: 'group',
      group_id: 'g1',
      self: { platform: 'qq', user_id: '2' },
      message: [
        { type: 'mention', data: { user_id: '2' } },
        { type: 'text', data: { text: ' ' } },
        { type: 'text', data: { text: 'hello' } },
      ],
      alt_message: '@2 hello',
    })
    await sim.send(v12Events.notice.groupMemberIncrease({ self: self1, groupId: 'g1', userId: 'u' }))
    expect(await socket.frames.next((f) => f.type === 'notice')).toMatchObject({
      detail_type: 'group_member_increase',
      sub_type: 'join',
    })
  })
})
