import { describe, expect, it } from 'vitest'
import { createSimulator } from '../index.js'
import type { Json } from '../test-support/peers.js'
import { reverseWsFixture } from '../test-support/reverse-ws-fixture.js'

const { dialling, track } = reverseWsFixture(11)

const isLifecycle = (f: Json) => f.meta_event_type === 'lifecycle'

describe('V11 reverse WebSocket', () => {
  it('dials with napcat headers and greets with lifecycle connect, then heartbeats', async () => {
    const { peer, sim } = await dialling({ profile: 'napcat', accessToken: 'tok', heartbeatIntervalMs: 50 })
    const socket = await peer.sockets.next()
    expect(socket.req.headers['x-self-id']).toBe('10001')
    expect(socket.req.headers['x-client-role']).toBe('Universal')
    expect(socket.req.headers.authorization).toBe('Bearer tok')
    expect(socket.req.headers['user-agent']).toBe('OneBot/11')
    const first = await socket.frames.next()
    expect(first).toMatchObject({
      post_type: 'meta_event',
      meta_event_type: 'lifecycle',
      sub_type: 'connect',
      self_id: 10001,
    })
    const heartbeat = await socket.frames.next((f) => f.meta_event_type === 'heartbeat')
    expect(heartbeat).toMatchObject({ interval: 50, status: { online: true, good: true } })
    await sim.waitConnected()
  })

  it('napcat and lagrange send an empty Bearer when no token is set (it arrives trimmed); gocq none', async () => {
    const { peer, sim: napcat } = await dialling({ profile: 'napcat', heartbeatIntervalMs: false })
    expect((await peer.sockets.next()).req.headers.authorization).toBe('Bearer')
    await napcat.close()
    const lagrange = track(
      createSimulator({
        version: 11,
        mode: 'ws-reverse',
        profile: 'lagrange',
        url: peer.url,
        heartbeatIntervalMs: false,
      }),
    )
    await lagrange.start()
    // Lagrange.OneBot: `if (AccessToken != null)` sends `Bearer {AccessToken}`, and the default is "".
    expect((await peer.sockets.next()).req.headers.authorization).toBe('Bearer')
    await lagrange.close()
    const gocq = track(
      createSimulator({
        version: 11,
        mode: 'ws-reverse',
        profile: 'gocq',
        url: peer.url,
        heartbeatIntervalMs: false,
      }),
    )
    await gocq.start()
    expect((await peer.sockets.next()).req.headers.authorization).toBeUndefined()
  })

  it('gocq uses the Token scheme, no _post_method (forward WS only) and pushes CQ strings', async () => {
    const { peer, sim } = await dialling({ profile: 'gocq', accessToken: 'tok', heartbeatIntervalMs: false })
    const socket = await peer.sockets.next()
    expect(socket.req.headers.authorization).toBe('Token tok')
    expect(await socket.frames.next(isLifecycle)).not.toHaveProperty('_post_method')
    await sim.sendMessage(undefined, 'hi [there]', { groupId: 555, atBot: true })
    const event = await socket.frames.next((f) => f.post_type === 'message')
    expect(event).toMatchObject({
      message_type: 'group',
      group_id: 555,
      message: '[CQ:at,qq=10001] hi &#91;there&#93;',
    })
  })

  it('lagrange split mode dials an Api socket and an Event socket; only Event gets events', async () => {
    const { peer, sim } = await dialling({ profile: 'lagrange', split: true, heartbeatIntervalMs: false })
    const a = await peer.sockets.next()
    const b = await peer.sockets.next()
    const byRole = Object.fromEntries([a, b].map((s) => [String(s.req.headers['x-client-role']), s]))
    expect(Object.keys(byRole).sort()).toEqual(['Api', 'Event'])
    await byRole.Event!.frames.next(isLifecycle)
    await sim.waitConnected()
    await sim.sendMessage(undefined, 'hello')
    expect(await byRole.Event!.frames.next((f) => f.post_type === 'message')).toMatchObject({
      raw_message: 'hello',
    })
    expect(await byRole.Api!.call('get_login_info')).toMatchObject({ status: 'ok', data: { user_id: 10001 } })
    expect(byRole.Api!.frames.items.filter((f) => f.post_type !== undefined)).toEqual([])
  })

  it('refuses split mode for profiles that only dial Universal', () => {
    expect(() =>
      createSimulator({ version: 11, mode: 'ws-reverse', profile: 'napcat', url: 'ws://x', split: true }),
    ).toThrow(/Universal/)
  })

  it('answers actions with incrementing message ids and records them in order', async () => {
    const { peer, sim } = await dialling({ heartbeatIntervalMs: false })
    const socket = await peer.sockets.next()
    const first = await socket.call('send_group_msg', {
      group_id: 1,
      message: [{ type: 'text', data: { text: 'a' } }],
    })
    const second = await socket.call('send_msg', { user_id: 2, message: 'b[CQ:image,file=x.png]' })
    expect(first).toMatchObject({
      status: 'ok',
      retcode: 0,
      data: { message_id: 1 },
      echo: 'e1',
      stream: 'normal-action',
    })
    expect(second).toMatchObject({ data: { message_id: 2 }, echo: 'e2' })
    const got = await socket.call('get_msg', { message_id: 2 })
    expect(got).toMatchObject({
      status: 'ok',
      data: { message_id: 2, message_type: 'private', message: 'b[CQ:image,file=x.png]' },
    })
    expect(sim.actions.map((a) => [a.action, a.botId, a.channel])).toEqual([
      ['send_group_msg', '10001', 'ws-reverse'],
      ['send_msg', '10001', 'ws-reverse'],
      ['get_msg', '10001', 'ws-reverse'],
    ])
    expect(sim.sentTexts()).toEqual(['a', 'b[image]'])
    expect(sim.sentMessages()[0]).toMatchObject({ detailType: 'group', targetId: '1' })
  })

  it('echoes the echo as sent, except that LLOneBot drops a null echo', async () => {
    const { peer } = await dialling({ profile: 'llonebot', heartbeatIntervalMs: false })
    const socket = await peer.sockets.next()
    socket.ws.send(JSON.stringify({ action: 'get_status', params: {}, echo: null }))
    socket.ws.send(JSON.stringify({ action: 'get_status', params: {}, echo: { n: 1 } }))
    const a = await socket.frames.next((f) => f.retcode !== undefined)
    const b = await socket.frames.next((f) => f.retcode !== undefined)
    expect('echo' in a).toBe(false)
    expect(b.echo).toEqual({ n: 1 })
  })

  it('answers unknown actions and bad frames the way each profile does', async () => {
    const { peer, sim: gocqSim } = await dialling({ profile: 'gocq', heartbeatIntervalMs: false })
    const gocq = await peer.sockets.next()
    expect(await gocq.call('no_such_action')).toMatchObject({
      status: 'failed',
      retcode: 404,
      msg: 'unknown action: no_such_action',
    })
    await gocqSim.close()
    const napcatSim = track(
      createSimulator({
        version: 11,
        mode: 'ws-reverse',
        profile: 'napcat',
        url: peer.url,
        heartbeatIntervalMs: false,
      }),
    )
    await napcatSim.start()
    const napcat = await peer.sockets.next()
    expect(await napcat.call('no_such_action')).toMatchObject({ retcode: 1404 })
    napcat.ws.send('{not json')
    expect(await napcat.frames.next((f) => f.retcode === 1400)).toMatchObject({ status: 'failed' })
  })

  it('redials after the framework closes the socket', async () => {
    const { peer } = await dialling({ heartbeatIntervalMs: false, reconnectIntervalMs: 20 })
    const first = await peer.sockets.next()
    first.ws.close(1008, 'go away')
    const second = await peer.sockets.next()
    expect(await second.frames.next(isLifecycle)).toMatchObject({ sub_type: 'connect' })
  })

  it('reconnect({ keepOld }) opens a second socket for the same bot while the old stays open', async () => {
    const { peer, sim } = await dialling({ heartbeatIntervalMs: false })
    const old = await peer.sockets.next()
    await sim.reconnect({ keepOld: true })
    const fresh = await peer.sockets.next()
    expect(fresh.req.headers['x-self-id']).toBe(old.req.headers['x-self-id'])
    await fresh.frames.next(isLifecycle)
    expect(sim.openConnections).toBe(2)
    await sim.sendMessage(undefined, 'to the newest')
    expect(await fresh.frames.next((f) => f.post_type === 'message')).toMatchObject({
      raw_message: 'to the newest',
    })
  })

  it('disconnect({ reconnect: false }) stays down; sendRaw delivers malformed frames', async () => {
    const { peer, sim } = await dialling({ heartbeatIntervalMs: false, reconnectIntervalMs: 10 })
    const socket = await peer.sockets.next()
    await socket.frames.next(isLifecycle)
    const raw = new Promise<string>((resolve) => socket.ws.once('message', (d) => resolve(String(d))))
    await sim.sendRaw('{"post_type": ')
    expect(await raw).toBe('{"post_type": ')
    await sim.disconnect({ reconnect: false })
    expect((await socket.closed).code).toBe(1000)
    await expect(sim.sendMessage(undefined, 'x')).rejects.toThrow(/no open event connection/)
  })

  it('one connection per bot when impersonating several bots', async () => {
    const { peer } = await dialling({ bots: [{ selfId: 1 }, { selfId: 2 }], heartbeatIntervalMs: false })
    const ids = [await peer.sockets.next(), await peer.sockets.next()]
      .map((s) => s.req.headers['x-self-id'])
      .sort()
    expect(ids).toEqual(['1', '2'])
  })

  it('reports a refused handshake through errors and waitConnected', async () => {
    const { sim } = await dialling({ reconnectIntervalMs: 20 }, { refuse: () => 403 })
    await expect(sim.waitConnected({ timeoutMs: 300 })).rejects.toThrow(/403/)
  })
})
