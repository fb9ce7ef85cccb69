import { createHmac } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { createSimulator, type Simulator, v11Events } from '../index.js'
import { type HttpPeer, httpPeer } from '../test-support/peers.js'

let peer: HttpPeer | undefined
let sim: Simulator | undefined

afterEach(async () => {
  await sim?.close()
  await peer?.close()
  sim = undefined
  peer = undefined
})

const api = (root: string, path: string, init: RequestInit = {}) =>
  fetch(new URL(path, root), init).then(async (res) => ({ status: res.status, body: await res.text() }))

describe('V11 HTTP POST', () => {
  it('gocq posts no lifecycle; events carry X-Self-ID, its User-Agent and a signature over the exact bytes', async () => {
    peer = await httpPeer()
    sim = createSimulator({
      version: 11,
      mode: 'http-post',
      profile: 'gocq',
      url: peer.url,
      secret: 's3cret',
      heartbeatIntervalMs: false,
    })
    await sim.start()
    const delivery = await sim.send(v11Events.privateMessage({ text: 'a & <b>' }))
    expect(delivery.httpStatus).toBe(204)
    // The message is the first thing posted: go-cqhttp posts no lifecycle over HTTP POST.
    expect(peer.requests.items).toHaveLength(1)
    const posted = await peer.requests.next()
    expect(posted.headers['x-self-id']).toBe('10001')
    expect(posted.headers['user-agent']).toBe('CQHttp/4.15.0')
    expect(posted.headers['x-api-port']).toBe(new URL(sim.endpoints.apiRoots['10001']!).port)
    const expected = `sha1=${createHmac('sha1', 's3cret').update(posted.body).digest('hex')}`
    expect(posted.headers['x-signature']).toBe(expected)
    expect(JSON.parse(String(posted.body))).toMatchObject({
      message: 'a &amp; <b>',
      raw_message: 'a &amp; <b>',
    })
  })

  it('napcat signs with the access token and sends no Authorization header', async () => {
    peer = await httpPeer()
    sim = createSimulator({
      version: 11,
      mode: 'http-post',
      profile: 'napcat',
      url: peer.url,
      accessToken: 'tok',
      heartbeatIntervalMs: false,
    })
    await sim.start()
    await sim.sendMessage(undefined, 'hi')
    const posted = await peer.requests.next()
    expect(JSON.parse(String(posted.body))).toMatchObject({ post_type: 'message' })
    expect(posted.headers['x-signature']).toBe(
      `sha1=${createHmac('sha1', 'tok').update(posted.body).digest('hex')}`,
    )
    expect(posted.headers.authorization).toBeUndefined()
  })

  it('lagrange posts lifecycle connect on start, never signs with its token and ignores quick operations', async () => {
    peer = await httpPeer(() => ({
      status: 200,
      body: JSON.stringify({ reply: [{ type: 'text', data: { text: 'pong' } }] }),
    }))
    sim = createSimulator({
      version: 11,
      mode: 'http-post',
      profile: 'lagrange',
      url: peer.url,
      accessToken: 'tok',
      heartbeatIntervalMs: false,
    })
    await sim.start()
    const connect = await peer.requests.next()
    expect(JSON.parse(String(connect.body))).toMatchObject({
      meta_event_type: 'lifecycle',
      sub_type: 'connect',
    })
    expect(connect.headers['x-signature']).toBeUndefined()
    expect(connect.headers.authorization).toBeUndefined()
    await sim.sendMessage(undefined, 'ping')
    expect(sim.actions).toEqual([])
    expect(sim.sentTexts()).toEqual([])
  })

  it('records a quick-operation answer as .handle_quick_operation and lists its reply', async () => {
    peer = await httpPeer((body) =>
      String(body).includes('"post_type":"message"')
        ? {
            status: 200,
            body: JSON.stringify({ reply: [{ type: 'text', data: { text: 'pong' } }], at_sender: false }),
          }
        : { status: 204 },
    )
    sim = createSimulator({ version: 11, mode: 'http-post', url: peer.url, heartbeatIntervalMs: false })
    await sim.start()
    const delivery = await sim.sendMessage(undefined, 'ping', { groupId: 7 })
    expect(delivery.httpStatus).toBe(200)
    const action = await sim.nextAction('.handle_quick_operation')
    expect(action.channel).toBe('quick-operation')
    expect(action.params.operation).toMatchObject({ at_sender: false })
    expect(sim.sentMessages()).toMatchObject([{ text: 'pong', detailType: 'group', targetId: '7' }])
  })

  it('sends heartbeats over HTTP POST for gocq', async () => {
    peer = await httpPeer()
    sim = createSimulator({
      version: 11,
      mode: 'http-post',
      profile: 'gocq',
      url: peer.url,
      heartbeatIntervalMs: 30,
    })
    await sim.start()
    const beat = await peer.requests.next((r) => String(r.body).includes('heartbeat'))
    expect(JSON.parse(String(beat.body))).toMatchObject({ interval: 30 })
  })

  it('HTTP API answers /<action>, POST / with {action,params}, query and form params', async () => {
    sim = createSimulator({
      version: 11,
      mode: 'http-post',
      profile: 'gocq',
      bots: [{ selfId: 42, nickname: 'Forty' }],
    })
    await sim.start()
    const root = sim.endpoints.apiRoots['42']!
    const login = await api(root, 'get_login_info', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    expect(JSON.parse(login.body)).toMatchObject({
      status: 'ok',
      data: { user_id: 42, nickname: 'Forty' },
      message: '',
    })
    const viaRoot = await api(root, '', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'send_private_msg', params: { user_id: 5, message: 'hey' } }),
    })
    expect(JSON.parse(viaRoot.body)).toMatchObject({ data: { message_id: 1 } })
    await api(root, 'send_group_msg/?group_id=9', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'message=form',
    })
    expect(sim.actions.at(-1)).toMatchObject({
      action: 'send_group_msg',
      params: { group_id: '9', message: 'form' },
      channel: 'http',
    })
    expect(sim.sentTexts()).toEqual(['hey', 'form'])
    expect(
      (
        await api(root, 'send_msg', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{bad',
        })
      ).status,
    ).toBe(400)
  })

  it('checks the token with each profile’s statuses', async () => {
    sim = createSimulator({ version: 11, mode: 'http-post', profile: 'gocq', accessToken: 'tok' })
    await sim.start()
    let root = sim.endpoints.apiRoots['10001']!
    expect((await api(root, 'get_status')).status).toBe(401)
    expect((await api(root, 'get_status', { headers: { authorization: 'Bearer nope' } })).status).toBe(403)
    expect((await api(root, 'get_status', { headers: { authorization: 'Bearer tok' } })).status).toBe(200)
    expect((await api(root, 'get_status?access_token=tok')).status).toBe(200)
    await sim.close()
    sim = createSimulator({ version: 11, mode: 'http-post', profile: 'napcat', accessToken: 'tok' })
    await sim.start()
    root = sim.endpoints.apiRoots['10001']!
    const missing = await api(root, 'get_status')
    expect(missing).toEqual({ status: 403, body: '{"message":"token verify failed!"}' })
  })

  it('answers unknown actions per profile: napcat HTTP 200 retcode 200, LLOneBot HTTP 404', async () => {
    sim = createSimulator({ version: 11, mode: 'http-post', profile: 'napcat' })
    await sim.start()
    const napcat = await api(sim.endpoints.apiRoots['10001']!, 'nope')
    expect(napcat.status).toBe(200)
    expect(JSON.parse(napcat.body)).toMatchObject({ status: 'failed', retcode: 200 })
    expect(typeof JSON.parse(napcat.body).echo).toBe('string')
    await sim.close()
    sim = createSimulator({ version: 11, mode: 'http-post', profile: 'llonebot' })
    await sim.start()
    const llob = await api(sim.endpoints.apiRoots['10001']!, 'nope')
    expect(llob.status).toBe(404)
    expect(JSON.parse(llob.body)).toMatchObject({ retcode: 404 })
  })

  it('overrides: failure, delay and no answer', async () => {
    sim = createSimulator({ version: 11, mode: 'http-post', profile: 'gocq' })
    await sim.start()
    const root = sim.endpoints.apiRoots['10001']!
    sim.overrideOnce('send_msg', { fail: { retcode: 100, message: 'GROUP_NOT_FOUND' } })
    expect(JSON.parse((await api(root, 'send_msg')).body)).toMatchObject({
      status: 'failed',
      retcode: 100,
      wording: 'GROUP_NOT_FOUND',
    })
    expect(JSON.parse((await api(root, 'send_msg')).body)).toMatchObject({ status: 'ok' })
    sim.override('get_status', { result: { online: false, good: false }, delayMs: 20 })
    expect(JSON.parse((await api(root, 'get_status')).body)).toMatchObject({ data: { online: false } })
    sim.override('get_login_info', { noAnswer: true })
    await expect(api(root, 'get_login_info', { signal: AbortSignal.timeout(100) })).rejects.toThrow()
    expect(sim.actions.at(-1)?.action).toBe('get_login_info')
  })

  it('runs one API server per bot', async () => {
    sim = createSimulator({ version: 11, mode: 'http-post', bots: [{ selfId: 1 }, { selfId: 2 }] })
    await sim.start()
    const roots = sim.endpoints.apiRoots
    expect(Object.keys(roots).sort()).toEqual(['1', '2'])
    expect(roots['1']).not.toBe(roots['2'])
    const body = await api(roots['2']!, 'get_login_info')
    expect(JSON.parse(body.body)).toMatchObject({ data: { user_id: 2 } })
    expect(sim.actions[0]?.botId).toBe('2')
  })
})
