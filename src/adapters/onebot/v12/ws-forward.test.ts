import { encode } from '@msgpack/msgpack'
import { afterEach, describe, expect, it } from 'vitest'
import type { V12Bot } from './bot.js'
import { ImplServer, self, startApp, type TestApp, until, v12 } from './test-peer.js'

let t: TestApp | undefined
let impl: ImplServer | undefined
afterEach(async () => {
  await t?.stop()
  await impl?.stop()
  t = undefined
  impl = undefined
})

const fast = { reconnect: { initialMs: 20, maxMs: 80 } }

describe('V12 forward WebSocket', () => {
  it('dials ONEBOT_V12_WS_URLS with the token and the "12" subprotocol, and answers /echo', async () => {
    impl = new ImplServer()
    const url = await impl.start()
    t = await startApp({ onebot_access_token: 'tok', onebot_v12_ws_urls: [url] }, fast)
    const peer = await impl.sockets.next()
    const handshake = impl.handshakes[0]!
    expect(handshake.headers.authorization).toBe('Bearer tok')
    expect(handshake.headers['sec-websocket-protocol']).toBe('12')
    peer.send(v12.connect())
    peer.send(
      v12.status([
        { self: self('10'), online: true },
        { self: self('11', 'tg'), online: true },
      ]),
    )
    peer.send(v12.groupMessage(self('11', 'tg'), [{ type: 'text', data: { text: '/echo fwd' } }]))
    expect(await peer.actions.next()).toMatchObject({
      action: 'send_message',
      params: { detail_type: 'group', group_id: 'g1' },
      self: { platform: 'tg', user_id: '11' },
    })
    peer.send(v12.status([{ self: self('11', 'tg'), online: false }]))
    await until(() => t!.botEvents.length === 3, 'one offline')
    expect(t.botEvents).toEqual(['+10', '+11', '-11'])
  })

  it('ignores the shared ONEBOT_WS_URLS key (V11 only)', async () => {
    impl = new ImplServer()
    const url = await impl.start()
    t = await startApp({ onebot_ws_urls: [url] }, fast)
    const modes = t.app.adapters[0]!.modes()
    expect(modes.find((m) => m.name.includes('forward'))).toMatchObject({ active: false })
    expect(impl.handshakes.length).toBe(0)
    expect(t.logs).toContain('ONEBOT_WS_URLS is read by OneBot V11 only; set ONEBOT_V12_WS_URLS for V12')
  })

  it('reconnects with backoff after the implementation drops the connection', async () => {
    impl = new ImplServer()
    const url = await impl.start()
    t = await startApp({ onebot_v12_ws_urls: [url] }, fast)
    const first = await impl.sockets.next()
    first.send(v12.privateMessage(self('10'), 'one'))
    await until(() => t!.botEvents.length === 1, 'bot')
    first.ws.terminate()
    const second = await impl.sockets.next()
    await until(() => t!.botEvents.length === 2, 'bot gone')
    second.send(v12.privateMessage(self('10'), '/echo again'))
    expect(await second.actions.next()).toMatchObject({ action: 'send_message', self: { user_id: '10' } })
    expect(t.botEvents).toEqual(['+10', '-10', '+10'])
    expect(t.logs.some((l) => l.includes('retrying in'))).toBe(true)
  })

  it.each([401, 403])(
    'names an access-token refusal (HTTP %i) in the log and keeps retrying',
    async (status) => {
      impl = new ImplServer()
      impl.refuseWith = status
      const url = await impl.start()
      t = await startApp({ onebot_access_token: 'wrong', onebot_v12_ws_urls: [url] }, fast)
      await until(() => impl!.handshakes.length >= 3, 'several attempts')
      const authLines = t.logs.filter((l) => l.includes('refused the access token'))
      expect(authLines.length).toBe(1)
      expect(authLines[0]).toContain('ONEBOT_V12_ACCESS_TOKEN')
      impl.refuseWith = undefined
      const peer = await impl.sockets.next()
      peer.send(v12.privateMessage(self('10'), 'in'))
      expect((await t.events.next()).plainText).toBe('in')
    },
  )

  it('connects without the subprotocol to a server that does not confirm it', async () => {
    impl = new ImplServer()
    impl.confirmProtocol = false
    const url = await impl.start()
    t = await startApp({ onebot_v12_ws_urls: [url] }, fast)
    // The first handshake offers "12"; the client aborts it when the server confirms none.
    await until(
      () => impl!.handshakes.some((h) => h.headers['sec-websocket-protocol'] === undefined),
      'plain retry',
    )
    expect(impl.handshakes[0]!.headers['sec-websocket-protocol']).toBe('12')
    await until(() => impl!.sockets.items.length === 2, 'second socket')
    const peer = impl.sockets.items[1]!
    peer.send(v12.privateMessage(self('10'), 'ok'))
    expect((await t.events.next()).plainText).toBe('ok')
  })

  it('falls back to get_version, get_status and get_self_info when no connect/status_update arrives', async () => {
    impl = new ImplServer()
    const url = await impl.start()
    t = await startApp({ onebot_v12_ws_urls: [url] }, { ...fast, discoveryTimeoutMs: 50 })
    const peer = await impl.sockets.next()
    peer.responder = (req) => {
      if (req.action === 'get_version') return { impl: 'quiet-impl', version: '0.1', onebot_version: '12' }
      if (req.action === 'get_status') return { good: true, bots: [] }
      if (req.action === 'get_self_info') return { user_id: '77', user_name: 'me', user_displayname: '' }
      return null
    }
    await until(() => t!.botEvents.length === 1, 'discovered bot')
    expect(t.botEvents).toEqual(['+77'])
    const asked = peer.actions.items.map((r) => r.action)
    expect(asked).toEqual(['get_version', 'get_status', 'get_self_info'])
    expect(peer.actions.items.every((r) => r.self === undefined)).toBe(true)
    const bot = t.app.bot('onebot.v12', '77') as V12Bot
    expect(bot.impl).toBe('quiet-impl')
    // Its first event tells the platform; the same bot is kept.
    peer.send(v12.privateMessage(self('77', 'wechat'), '/echo hi'))
    await until(() => peer.actions.items.length === 4, 'reply')
    const reply = peer.actions.items[3]
    expect(reply).toMatchObject({ action: 'send_message', self: { platform: 'wechat', user_id: '77' } })
    expect(t.botEvents).toEqual(['+77'])
  })

  it('learns bots from get_status when only the connect event arrived', async () => {
    impl = new ImplServer()
    const url = await impl.start()
    t = await startApp({ onebot_v12_ws_urls: [url] }, { ...fast, discoveryTimeoutMs: 50 })
    const peer = await impl.sockets.next()
    peer.responder = (req) =>
      req.action === 'get_status' ? { good: true, bots: [{ self: self('5', 'qq'), online: true }] } : null
    peer.send(v12.connect())
    await until(() => t!.botEvents.length === 1, 'bot from status')
    expect(peer.actions.items.map((r) => r.action)).toEqual(['get_status'])
    expect((t.app.bot('onebot.v12', '5') as V12Bot).platform).toBe('qq')
  })

  it('takes a close with 1008 right after opening as an auth failure', async () => {
    impl = new ImplServer()
    const url = await impl.start()
    t = await startApp({ onebot_v12_ws_urls: [url] }, fast)
    const first = await impl.sockets.next()
    first.ws.close(1008, 'bad token')
    await impl.sockets.next()
    expect(t.logs.some((l) => l.includes('refused the access token') && l.includes('1008'))).toBe(true)
  })

  it('reads MessagePack frames, sends MessagePack when configured, and survives malformed frames', async () => {
    impl = new ImplServer()
    const url = await impl.start()
    t = await startApp({ onebot_v12_ws_urls: [url], onebot_v12_use_msgpack: { 'packed-impl': true } }, fast)
    const peer = await impl.sockets.next()
    peer.raw('{broken')
    peer.raw(new Uint8Array([0xc1]))
    peer.raw(encode(v12.connect('packed-impl')))
    peer.raw(encode(v12.privateMessage(self('10'), '/echo mp')))
    const action = (await peer.actions.next()) as { binary?: boolean; params: unknown }
    expect(action.binary).toBe(true)
    expect(action.params).toMatchObject({ message: [{ type: 'text', data: { text: 'mp' } }] })
    expect(peer.ws.readyState).toBe(1)
    expect(t.logs.filter((l) => l.includes('dropped a frame that is not valid')).length).toBe(2)
  })

  it('keeps the impl from a meta.connect sent the instant the connection opens', async () => {
    impl = new ImplServer()
    impl.greet = [v12.connect('eager-impl'), v12.privateMessage(self('10'), 'hi')]
    const url = await impl.start()
    t = await startApp({ onebot_v12_ws_urls: [url] }, fast)
    await t.events.next()
    const message = await t.events.next()
    expect((message.bot as V12Bot).impl).toBe('eager-impl')
  })
})
