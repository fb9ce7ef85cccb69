import { afterEach, describe, expect, it } from 'vitest'
import { NetworkError } from '../../../errors.js'
import type { V11Bot } from './bot.js'
import { ActionFailed } from './errors.js'
import { startTestApp, type TestApp, until } from './test-app.js'
import {
  groupMessage,
  type ImplName,
  impls,
  privateMessage,
  type Refusal,
  ReversePeer,
} from './test-peers.js'

let t: TestApp
const peers: ReversePeer[] = []
afterEach(async () => {
  for (const peer of peers.splice(0)) peer.ws.terminate()
  await t?.stop()
})

async function connect(options: Parameters<typeof ReversePeer.connect>[0]): Promise<ReversePeer> {
  const peer = await ReversePeer.connect(options)
  if (!(peer instanceof ReversePeer)) throw new Error(`refused: ${peer.status} ${peer.body}`)
  peers.push(peer)
  return peer
}

async function refused(options: Parameters<typeof ReversePeer.connect>[0]): Promise<Refusal> {
  const result = await ReversePeer.connect(options)
  if (result instanceof ReversePeer) {
    peers.push(result)
    throw new Error('expected the upgrade to be refused')
  }
  return result
}

describe('reverse WebSocket: routes and handshake', () => {
  it.each(['/onebot/v11/', '/onebot/v11', '/onebot/v11/ws', '/onebot/v11/ws/'])(
    'echoes /echo hello through %s',
    async (path) => {
      t = await startTestApp()
      const peer = await connect({ url: `${t.wsBase}${path}`, selfId: 10001, impl: impls.napcat })
      peer.send(privateMessage(10001, 42, '/echo hello'))
      const call = await peer.responder.next('send_private_msg')
      expect(call.params).toEqual({ user_id: 42, message: [{ type: 'text', data: { text: 'hello' } }] })
    },
  )

  it.each<ImplName>(['gocq', 'napcat', 'lagrange', 'llonebot'])(
    'accepts %s with its token scheme and message format',
    async (name) => {
      t = await startTestApp({ onebot_access_token: 'sekrit' })
      const impl = impls[name]
      const peer = await connect({ url: `${t.wsBase}/onebot/v11/ws`, selfId: 10001, impl, token: 'sekrit' })
      peer.send(groupMessage(10001, 555, 42, '/echo hi there', { format: impl.messageFormat }))
      const call = await peer.responder.next('send_group_msg')
      expect(call.params).toEqual({ group_id: 555, message: [{ type: 'text', data: { text: 'hi there' } }] })
      expect(typeof call.echo).toBe('string')
    },
  )

  it('accepts the token from ?access_token=', async () => {
    t = await startTestApp({ onebot_access_token: 'sekrit' })
    await connect({ url: `${t.wsBase}/onebot/v11/?access_token=sekrit`, selfId: 1, impl: impls.lagrange })
    await until(() => t.connected.length === 1)
  })

  it('refuses a missing token with 401 and a wrong one with 403, saying why, before the upgrade', async () => {
    t = await startTestApp({ onebot_access_token: 'sekrit' })
    const missing = await refused({ url: `${t.wsBase}/onebot/v11/`, selfId: 1, impl: impls.lagrange })
    expect(missing.status).toBe(401)
    expect(missing.body).toMatch(/missing access token/)
    const wrong = await refused({
      url: `${t.wsBase}/onebot/v11/`,
      selfId: 1,
      impl: impls.gocq,
      token: 'nope',
    })
    expect(wrong.status).toBe(403)
    expect(wrong.body).toMatch(/does not match/)
    expect(t.hasLog(/refused \(401\)/)).toBe(true)
    expect(t.hasLog(/refused \(403\)/)).toBe(true)
    expect(t.connected).toHaveLength(0)
  })

  it('accepts whatever token is sent when none is configured (NapCat sends "Bearer ")', async () => {
    t = await startTestApp()
    await connect({ url: `${t.wsBase}/onebot/v11/`, selfId: 1, impl: impls.napcat })
    await connect({ url: `${t.wsBase}/onebot/v11/`, selfId: 2, impl: impls.gocq, token: 'anything' })
    await until(() => t.connected.length === 2)
  })

  it('answers 400 without X-Self-ID and for an unknown role', async () => {
    t = await startTestApp()
    const noId = await refused({
      url: `${t.wsBase}/onebot/v11/`,
      selfId: 1,
      impl: impls.napcat,
      omitSelfId: true,
    })
    expect(noId.status).toBe(400)
    expect(noId.body).toMatch(/X-Self-ID/)
    const badRole = await refused({
      url: `${t.wsBase}/onebot/v11/`,
      selfId: 1,
      impl: impls.napcat,
      role: 'Sideways' as 'API',
    })
    expect(badRole.status).toBe(400)
    expect(badRole.body).toMatch(/X-Client-Role/)
  })

  it('joins separate API (Lagrange "Api") and Event sockets into one bot', async () => {
    t = await startTestApp()
    const api = await connect({
      url: `${t.wsBase}/onebot/v11/ws`,
      selfId: 7,
      impl: impls.lagrange,
      role: 'API',
    })
    const events = await connect({
      url: `${t.wsBase}/onebot/v11/ws`,
      selfId: 7,
      impl: impls.lagrange,
      role: 'Event',
    })
    events.send(privateMessage(7, 42, '/echo split'))
    const call = await api.responder.next('send_private_msg')
    expect(call.params.message).toEqual([{ type: 'text', data: { text: 'split' } }])
    expect(events.responder.calls).toHaveLength(0)
    expect(t.connected).toHaveLength(1)
    await events.close()
    await api.close()
    await until(() => t.disconnected.length === 1)
  })

  it('replaces a stale connection for the same self id; pending calls on it fail with a network error', async () => {
    t = await startTestApp()
    const old = await connect({ url: `${t.wsBase}/onebot/v11/`, selfId: 9, impl: impls.gocq })
    old.responder.silent.add('get_status')
    await until(() => t.connected.length === 1)
    const bot = t.connected[0] as V11Bot
    const pending = bot.call('get_status').catch((error: unknown) => error)
    await old.responder.next('get_status')
    const fresh = await connect({ url: `${t.wsBase}/onebot/v11/`, selfId: 9, impl: impls.gocq })
    expect(await pending).toBeInstanceOf(NetworkError)
    await old.closed
    fresh.send(privateMessage(9, 42, '/echo still here'))
    expect((await fresh.responder.next('send_private_msg')).params.message).toEqual([
      { type: 'text', data: { text: 'still here' } },
    ])
    expect(t.connected).toHaveLength(1)
    expect(t.disconnected).toHaveLength(0)
  })

  it('logs and drops malformed frames and keeps the connection open', async () => {
    t = await startTestApp()
    const peer = await connect({ url: `${t.wsBase}/onebot/v11/`, selfId: 3, impl: impls.napcat })
    peer.send('this is not json {')
    peer.send('[1,2,3]')
    peer.send('{"hello":"world"}')
    peer.send(privateMessage(3, 42, '/echo alive'))
    await peer.responder.next('send_private_msg')
    expect(t.hasLog(/not JSON/)).toBe(true)
    expect(t.hasLog(/JSON array/)).toBe(true)
    expect(t.hasLog(/neither post_type nor status/)).toBe(true)
    expect(t.disconnected).toHaveLength(0)
  })

  it('accepts a 30 MiB response frame (under MAX_FRAME_SIZE, 32 MiB by default)', async () => {
    t = await startTestApp()
    const peer = await connect({ url: `${t.wsBase}/onebot/v11/`, selfId: 4, impl: impls.napcat })
    const big = 'A'.repeat(30 * 1024 * 1024)
    peer.responder.answers.set('get_image', () => ({ file: 'x.png', base64: big }))
    await until(() => t.connected.length === 1)
    const result = await (t.connected[0] as V11Bot).call('get_image', { file: 'x.png' })
    expect(result.base64).toHaveLength(big.length)
  })

  it('keeps the other bot working while one is refused, sends garbage or drops its connection', async () => {
    t = await startTestApp({ onebot_access_token: 'sekrit' })
    const good = await connect({
      url: `${t.wsBase}/onebot/v11/`,
      selfId: 100,
      impl: impls.napcat,
      token: 'sekrit',
    })
    expect(
      (await refused({ url: `${t.wsBase}/onebot/v11/`, selfId: 200, impl: impls.gocq, token: 'bad' })).status,
    ).toBe(403)
    const flaky = await connect({
      url: `${t.wsBase}/onebot/v11/`,
      selfId: 300,
      impl: impls.gocq,
      token: 'sekrit',
    })
    flaky.send('garbage')
    flaky.ws.terminate()
    await until(() => t.disconnected.some((b) => b.selfId === '300'))
    good.send(privateMessage(100, 42, '/echo fine'))
    expect((await good.responder.next('send_private_msg')).params.message).toEqual([
      { type: 'text', data: { text: 'fine' } },
    ])
  })
})

describe('reverse WebSocket: API calls', () => {
  async function oneBot(name: ImplName = 'napcat') {
    t = await startTestApp({ api_timeout: 0.3 })
    const peer = await connect({ url: `${t.wsBase}/onebot/v11/`, selfId: 5, impl: impls[name] })
    await until(() => t.connected.length === 1)
    return { peer, bot: t.connected[0] as V11Bot }
  }

  it('matches responses whose echo came back as a number', async () => {
    const { peer, bot } = await oneBot()
    peer.responder.echo = 'number'
    expect(await bot.call('get_login_info')).toEqual({ user_id: '5', nickname: 'peer' })
  })

  it('uses a unique string echo per call and matches concurrent calls', async () => {
    const { peer, bot } = await oneBot()
    peer.responder.answers.set('get_stranger_info', (p) => ({
      user_id: p.user_id,
      nickname: `n${String(p.user_id)}`,
    }))
    const results = await Promise.all([1, 2, 3].map((id) => bot.call('get_stranger_info', { user_id: id })))
    expect(results.map((r) => r.nickname)).toEqual(['n1', 'n2', 'n3'])
    const echoes = peer.responder.calls.map((c) => c.echo)
    expect(new Set(echoes).size).toBe(3)
    expect(echoes.every((e) => typeof e === 'string')).toBe(true)
  })

  it('times out a call whose response never comes (missing echo) after API_TIMEOUT', async () => {
    const { peer, bot } = await oneBot()
    peer.responder.echo = 'missing'
    await expect(bot.call('get_status')).rejects.toMatchObject({ code: 'E_API_TIMEOUT' })
  })

  it('fails pending calls with a network error when the socket closes', async () => {
    const { peer, bot } = await oneBot()
    peer.responder.silent.add('get_status')
    const pending = bot.call('get_status', {}, { timeoutMs: 10_000 })
    await peer.responder.next('get_status')
    peer.ws.terminate()
    await expect(pending).rejects.toMatchObject({ code: 'E_NETWORK' })
  })

  it('raises ActionFailed with action, params, retcode, message and wording', async () => {
    const { peer, bot } = await oneBot()
    peer.responder.answers.set('set_group_ban', () => ({
      status: 'failed',
      retcode: 100,
      data: null,
      msg: 'GROUP_NOT_FOUND',
      wording: '群不存在',
    }))
    const error = await bot.call('set_group_ban', { group_id: 1, user_id: 2 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ActionFailed)
    expect(error).toMatchObject({
      action: 'set_group_ban',
      params: { group_id: 1, user_id: 2 },
      retcode: 100,
      reason: '群不存在',
      wording: '群不存在',
    })
  })

  it('treats only status "ok" as success (Lagrange puts failures in retcode 1 and text in status)', async () => {
    const { peer, bot } = await oneBot('lagrange')
    peer.responder.answers.set('upload_group_file', () => ({
      status: 'file not found',
      retcode: 1,
      data: null,
    }))
    await expect(bot.call('upload_group_file', { group_id: 1, file: '/x', name: 'x' })).rejects.toMatchObject(
      { reason: 'file not found', retcode: 1 },
    )
  })

  it('sends _async and _rate_limited variants and resolves on status "async"', async () => {
    const { peer, bot } = await oneBot()
    peer.responder.answers.set('send_like_async', () => ({ status: 'async', retcode: 1, data: null }))
    await bot.callAsync('send_like', { user_id: 1 })
    await bot.callRateLimited('send_like', { user_id: 1 })
    expect(peer.responder.calls.map((c) => c.action)).toEqual(['send_like_async', 'send_like_rate_limited'])
  })

  it('calls unknown actions through callApi and typed ones through bot.api', async () => {
    const { peer, bot } = await oneBot()
    peer.responder.answers.set('get_group_info', () => ({
      group_id: 1,
      group_name: 'g',
      member_count: 2,
      max_member_count: 200,
    }))
    expect(await bot.api.get_group_info({ group_id: 1 })).toMatchObject({ group_name: 'g' })
    expect(await bot.callApi('some_extension', { x: 1 })).toBeNull()
    expect(peer.responder.calls.at(-1)).toMatchObject({ action: 'some_extension', params: { x: 1 } })
  })

  it('keeps integers beyond 2^53 intact as strings', async () => {
    const { peer, bot } = await oneBot()
    // A response body written by hand so the long integer is on the wire as a bare number.
    peer.ws.removeAllListeners('message')
    peer.ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { echo: string }
      peer.ws.send(
        `{"status":"ok","retcode":0,"data":{"messages":[{"sender":{"user_id":144115218678093982}}]},"echo":"${frame.echo}"}`,
      )
    })
    const result = await bot.call('get_forward_msg', { id: 'x' })
    expect(result.messages?.[0]).toEqual({ sender: { user_id: '144115218678093982' } })
  })

  it('getForwardMessage sends id and message_id and normalises the nodes', async () => {
    const { peer, bot } = await oneBot('gocq')
    peer.responder.answers.set('get_forward_msg', () => ({
      messages: [{ sender: { user_id: 1, nickname: 'a' }, time: 1, content: 'x' }],
    }))
    const nodes = await bot.getForwardMessage('7345678901234567890')
    expect(peer.responder.calls.at(-1)?.params).toEqual({
      id: '7345678901234567890',
      message_id: '7345678901234567890',
    })
    expect(nodes.map((n) => [n.userId, n.message.extractPlainText()])).toEqual([['1', 'x']])
  })
})
