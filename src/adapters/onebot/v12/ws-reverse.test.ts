import { encode } from '@msgpack/msgpack'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { V12Bot } from './bot.js'
import { V12UnsupportedAction } from './errors.js'
import {
  dialReverse,
  failed,
  type ImplSocket,
  self,
  startApp,
  type TestApp,
  until,
  v12,
} from './test-peer.js'

let t: TestApp | undefined
const peers: ImplSocket[] = []
afterEach(async () => {
  vi.useRealTimers()
  for (const p of peers.splice(0)) p.close()
  await t?.stop()
  t = undefined
})

async function connect(path = '/onebot/v12/', options: Parameters<typeof dialReverse>[1] = {}) {
  const peer = await dialReverse(`ws://127.0.0.1:${t!.port}${path}`, options)
  peers.push(peer)
  return peer
}

describe('V12 reverse WebSocket', () => {
  it.each(['/onebot/v12/', '/onebot/v12/ws', '/onebot/v12/ws/', '/onebot/v12'])(
    'answers /echo on %s with send_message carrying self, and echoes the subprotocol',
    async (path) => {
      t = await startApp()
      const peer = await connect(path)
      expect(peer.ws.protocol).toBe('12.test-impl')
      peer.send(v12.connect())
      peer.send(v12.privateMessage(self('10'), '/echo hello'))
      const action = await peer.actions.next()
      expect(action).toMatchObject({
        action: 'send_message',
        params: {
          detail_type: 'private',
          user_id: '42',
          message: [{ type: 'text', data: { text: 'hello' } }],
        },
        self: { platform: 'qq', user_id: '10' },
      })
      expect(typeof action.echo).toBe('string')
    },
  )

  it('accepts the token from the Authorization header or the access_token query, 401 without, 403 wrong', async () => {
    t = await startApp({ onebot_access_token: 'sekrit' })
    const base = `ws://127.0.0.1:${t.port}/onebot/v12/`
    peers.push(await dialReverse(base, { headers: { authorization: 'Bearer sekrit' } }))
    peers.push(await dialReverse(`${base}?access_token=sekrit`))
    await expect(dialReverse(base)).rejects.toMatchObject({ status: 401 })
    await expect(dialReverse(base, { headers: { authorization: 'Bearer nope' } })).rejects.toMatchObject({
      status: 403,
    })
    expect(t.logs.some((l) => l.includes('refused') && l.includes('does not match'))).toBe(true)
  })

  it('prefers ONEBOT_V12_ACCESS_TOKEN over ONEBOT_ACCESS_TOKEN', async () => {
    t = await startApp({ onebot_access_token: 'shared', onebot_v12_access_token: 'only12' })
    const base = `ws://127.0.0.1:${t.port}/onebot/v12/`
    await expect(dialReverse(base, { headers: { authorization: 'Bearer shared' } })).rejects.toMatchObject({
      status: 403,
    })
    peers.push(await dialReverse(base, { headers: { authorization: 'Bearer only12' } }))
  })

  it('echoes a bare "12" and dotted impl names, and records the impl', async () => {
    t = await startApp()
    const bare = await connect('/onebot/v12/', { protocols: ['12'] })
    expect(bare.ws.protocol).toBe('12')
    const dotted = await connect('/onebot/v12/', { protocols: ['12.go-cqhttp.v2.3'] })
    expect(dotted.ws.protocol).toBe('12.go-cqhttp.v2.3')
    dotted.send(v12.privateMessage(self('7'), 'hi'))
    const ev = await t.events.next()
    expect((ev.bot as V12Bot).impl).toBe('go-cqhttp.v2.3')
  })

  it('carries two bots on one connection and takes one offline on status_update', async () => {
    t = await startApp()
    const peer = await connect()
    peer.send(v12.connect())
    peer.send(
      v12.status([
        { self: self('10'), online: true },
        { self: self('20011', 'tg'), online: true },
      ]),
    )
    await until(() => t!.botEvents.length === 2, 'two bots')
    expect(t.botEvents).toEqual(['+10', '+20011'])
    expect(t.app.bot('onebot.v12', '20011')).toBeInstanceOf(V12Bot)

    peer.send(v12.privateMessage(self('20011', 'tg'), '/echo to tg'))
    expect(await peer.actions.next()).toMatchObject({ self: { platform: 'tg', user_id: '20011' } })
    peer.send(v12.privateMessage(self('10'), '/echo to qq'))
    expect(await peer.actions.next()).toMatchObject({ self: { platform: 'qq', user_id: '10' } })

    peer.send(v12.status([{ self: self('20011', 'tg'), online: false }]))
    await until(() => t!.botEvents.length === 3, 'bot offline')
    expect(t.botEvents[2]).toBe('-20011')
    expect(t.app.bot('onebot.v12', '20011')).toBeUndefined()
    expect(t.app.bot('onebot.v12', '10')).toBeDefined()

    peer.close()
    await until(() => t!.botEvents.length === 4, 'close retires the rest')
    expect(t.botEvents[3]).toBe('-10')
  })

  it('learns a bot from the first event self and announces it once', async () => {
    t = await startApp()
    const peer = await connect()
    peer.send(v12.privateMessage(self('10'), 'a'))
    peer.send(v12.privateMessage(self('10'), 'b'))
    await t.events.next()
    await t.events.next()
    expect(t.botEvents).toEqual(['+10'])
  })

  it('gives two platforms sharing a user id distinct bots', async () => {
    t = await startApp()
    const peer = await connect()
    peer.send(
      v12.status([
        { self: self('5', 'qq'), online: true },
        { self: self('5', 'tg'), online: true },
      ]),
    )
    await until(() => t!.botEvents.length === 2, 'two bots')
    expect(t.botEvents).toEqual(['+5', '+tg:5'])
    expect((t.app.bot('onebot.v12', 'tg:5') as V12Bot).platform).toBe('tg')
  })

  it('drops malformed frames with a log line and keeps the connection', async () => {
    t = await startApp()
    const peer = await connect()
    peer.raw('this is not json')
    peer.raw('[1,2,3]')
    peer.raw(new Uint8Array([0xc1, 0xc1]))
    peer.send({ type: 'message' })
    peer.send(v12.privateMessage(self('10'), 'still here'))
    const ev = await t.events.next()
    expect(ev.plainText).toBe('still here')
    expect(peer.ws.readyState).toBe(1)
    expect(t.logs.filter((l) => l.includes('dropped')).length).toBeGreaterThanOrEqual(4)
  })

  it('accepts MessagePack frames and answers MessagePack when configured for the impl', async () => {
    t = await startApp({ onebot_v12_use_msgpack: { 'test-impl': true } })
    const peer = await connect('/onebot/v12/', { binary: true })
    peer.send(v12.connect('test-impl'))
    peer.send(v12.privateMessage(self('10'), '/echo packed'))
    const action = (await peer.actions.next()) as { binary?: boolean; params: unknown }
    expect(action.binary).toBe(true)
    expect(action.params).toMatchObject({ message: [{ type: 'text', data: { text: 'packed' } }] })
  })

  it('sends JSON to implementations not opted in to MessagePack, while still reading binary frames', async () => {
    t = await startApp({ onebot_v12_use_msgpack: { other: true } })
    const peer = await connect()
    peer.raw(encode(v12.connect('test-impl')))
    peer.raw(encode(v12.privateMessage(self('10'), '/echo json')))
    const action = (await peer.actions.next()) as { binary?: boolean }
    expect(action.binary).toBe(false)
  })

  it('maps a failed retcode to its typed error with action, params and retcode', async () => {
    t = await startApp({}, { echo: false })
    const peer = await connect()
    peer.responder = () => failed(10002, 'no such action')
    peer.send(v12.privateMessage(self('10'), 'x'))
    const ev = await t.events.next()
    const error = await (ev.bot as V12Bot).call('get_friend_list').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(V12UnsupportedAction)
    expect(error).toMatchObject({
      action: 'get_friend_list',
      retcode: 10002,
      reason: 'no such action',
      code: 'E_ACTION_FAILED',
    })
    expect(await peer.actions.next()).toMatchObject({ action: 'get_friend_list', self: { user_id: '10' } })
  })

  it('dispatches meta events once, with kind meta, even before any bot is known', async () => {
    t = await startApp()
    const peer = await connect()
    peer.send(v12.connect())
    const connectEv = await t.events.next()
    expect(connectEv.kind).toBe('meta')
    expect(connectEv.name).toBe('meta.connect')
    expect(connectEv.bot.selfId).toBe('')
    peer.send(v12.status([{ self: self('10'), online: true }]))
    const status = await t.events.next()
    expect(status.name).toBe('meta.status_update')
    expect(status.bot.selfId).toBe('10')
    peer.send(v12.heartbeat())
    const beat = await t.events.next()
    expect(beat.name).toBe('meta.heartbeat')
    expect(t.events.items.length).toBe(3)
  })

  it('meta actions from the placeholder bot carry no self', async () => {
    t = await startApp({}, { echo: false })
    const peer = await connect()
    peer.responder = (req) =>
      req.action === 'get_version' ? { impl: 'x', version: '1', onebot_version: '12' } : null
    peer.send(v12.connect())
    const ev = await t.events.next()
    expect(await (ev.bot as V12Bot).call('get_version')).toMatchObject({ impl: 'x' })
    const req = await peer.actions.next()
    expect(req.self).toBeUndefined()
  })

  it('moves a bot that reappears on a new connection to it as a new session', async () => {
    t = await startApp()
    const old = await connect()
    old.send(v12.privateMessage(self('10'), 'a'))
    await t.events.next()
    const fresh = await connect()
    fresh.send(v12.privateMessage(self('10'), '/echo b'))
    expect(await fresh.actions.next()).toMatchObject({ action: 'send_message', self: { user_id: '10' } })
    expect(t.botEvents).toEqual(['+10', '-10', '+10'])
    // The old connection closing later does not take the moved bot offline.
    old.close()
    await old.closed
    await until(() => t!.logs.some((l) => l.includes('closed (')), 'close logged')
    expect(t.botEvents).toEqual(['+10', '-10', '+10'])
  })

  it('reports its modes, warning about missing driver parts', async () => {
    t = await startApp({ onebot_v12_ws_urls: ['ws://127.0.0.1:1/'] })
    const modes = t.app.adapters[0]!.modes()
    expect(modes.map((m) => [m.name, m.active])).toEqual([
      ['OneBot V12 reverse WebSocket', true],
      ['OneBot V12 HTTP webhook', true],
      ['OneBot V12 forward WebSocket', true],
    ])
    const { OneBotV12Adapter } = await import('./adapter.js')
    const { ApiHooks } = await import('../../../adapter/api-hooks.js')
    const { ConfigStore } = await import('../../../config/store.js')
    const bare = new OneBotV12Adapter()
    bare.setup({
      config: new ConfigStore({
        onebot_v12_ws_urls: ['ws://x/'],
        onebot_v12_api_roots: { '1': 'http://x/' },
      }),
      driver: { start: async () => {}, stop: async () => {} },
      logger: t.app.logger,
      apiHooks: new ApiHooks(),
      apiTimeoutMs: 1000,
      nicknames: [],
      dispatch: () => {},
      botConnected: () => {},
      botDisconnected: () => {},
    })
    const warnings = bare.modes().map((m) => m.warning)
    expect(warnings[0]).toContain('no server')
    expect(warnings[1]).toContain('no server')
    expect(warnings[2]).toContain('no WebSocket client')
  })

  it('closes a connection that stays silent for max(3 intervals, interval + 10 s) and retires its bots', async () => {
    t = await startApp()
    const peer = await connect()
    peer.send(v12.privateMessage(self('10'), 'hi'))
    await t.events.next((e) => e.kind === 'message')
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    peer.send(v12.heartbeat(2000))
    await t.events.next((e) => e.name === 'meta.heartbeat')
    await vi.advanceTimersByTimeAsync(11_900)
    expect(peer.ws.readyState).toBe(1)
    await vi.advanceTimersByTimeAsync(200)
    vi.useRealTimers()
    const closed = await peer.closed
    expect(closed).toEqual({ code: 4000, reason: 'heartbeat timeout' })
    expect(t.botEvents).toEqual(['+10', '-10'])
    expect(t.logs.some((l) => l.includes('no heartbeat for 12000 ms'))).toBe(true)
  })

  it('keeps a connection whose heartbeats keep coming', async () => {
    t = await startApp()
    const peer = await connect()
    peer.send(v12.privateMessage(self('10'), 'hi'))
    await t.events.next((e) => e.kind === 'message')
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    for (let i = 0; i < 8; i++) {
      peer.send(v12.heartbeat(2000))
      await t.events.next((e) => e.name === 'meta.heartbeat')
      await vi.advanceTimersByTimeAsync(5000)
    }
    vi.useRealTimers()
    expect(peer.ws.readyState).toBe(1)
    expect(t.botEvents).toEqual(['+10'])
  })

  it('takes the bot of draft-era X-Self-ID/X-Platform headers for events without self', async () => {
    t = await startApp()
    const peer = await connect('/onebot/v12/', {
      headers: { 'x-self-id': '31', 'x-platform': 'qq', 'x-impl': 'old' },
    })
    const event: Record<string, unknown> = v12.privateMessage(self('0'), '/echo legacy')
    delete event.self
    peer.send(event)
    expect(await peer.actions.next()).toMatchObject({ self: { platform: 'qq', user_id: '31' } })
  })
})
