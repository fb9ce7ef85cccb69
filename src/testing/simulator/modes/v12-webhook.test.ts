import { decode, encode } from '@msgpack/msgpack'
import { afterEach, describe, expect, it } from 'vitest'
import { createSimulator, type Simulator, v12Events } from '../index.js'
import { type HttpPeer, httpPeer, type Json } from '../test-support/peers.js'

let peer: HttpPeer | undefined
let sim: Simulator | undefined

afterEach(async () => {
  await sim?.close()
  await peer?.close()
  sim = undefined
  peer = undefined
})

const post = (url: string, body: string | Uint8Array, headers: Record<string, string>) =>
  fetch(url, { method: 'POST', body, headers }).then(async (res) => ({
    status: res.status,
    type: res.headers.get('content-type'),
    bytes: new Uint8Array(await res.arrayBuffer()),
  }))

describe('V12 webhook', () => {
  it('posts events with X-OneBot-Version, X-Impl and Bearer; runs the actions in a 200 answer', async () => {
    peer = await httpPeer((body) =>
      String(body).includes('"type":"message"')
        ? {
            status: 200,
            type: 'application/json',
            body: JSON.stringify([
              {
                action: 'send_message',
                params: { detail_type: 'private', user_id: '20002', message: 'pong' },
                self: v12Events.DEFAULT_V12_SELF,
              },
            ]),
          }
        : { status: 204 },
    )
    sim = createSimulator({ version: 12, mode: 'webhook', url: peer.url, accessToken: 'tok' })
    await sim.start()
    const delivery = await sim.sendMessage(undefined, 'ping')
    expect(delivery.httpStatus).toBe(200)
    const request = await peer.requests.next()
    expect(request.headers).toMatchObject({
      'x-onebot-version': '12',
      'x-impl': 'walle-q',
      authorization: 'Bearer tok',
      'content-type': 'application/json',
    })
    expect((await sim.nextAction('send_message')).channel).toBe('webhook-response')
    expect(sim.sentTexts()).toEqual(['pong'])
  })

  it('posts MessagePack bodies when asked', async () => {
    peer = await httpPeer()
    sim = createSimulator({ version: 12, mode: 'webhook', url: peer.url, msgpack: true })
    await sim.start()
    await sim.sendMessage(undefined, 'packed')
    const request = await peer.requests.next()
    expect(request.headers['content-type']).toBe('application/msgpack')
    expect(decode(request.body)).toMatchObject({ type: 'message', alt_message: 'packed' })
  })

  it('HTTP API: POST / in JSON or MessagePack, with the spec’s error statuses', async () => {
    sim = createSimulator({
      version: 12,
      mode: 'webhook',
      accessToken: 'tok',
      bots: [{ userId: 'a' }, { userId: 'b' }],
    })
    await sim.start()
    const root = sim.endpoints.apiRoots.a!
    expect(sim.endpoints.apiRoots.b).toBe(root)
    const auth = { authorization: 'Bearer tok', 'content-type': 'application/json' }
    const request = { action: 'get_self_info', params: {}, self: { platform: 'qq', user_id: 'b' }, echo: 'x' }
    const json = await post(root, JSON.stringify(request), auth)
    expect(JSON.parse(new TextDecoder().decode(json.bytes))).toEqual({
      status: 'ok',
      retcode: 0,
      data: { user_id: 'b', user_name: 'botb', user_displayname: '' },
      message: '',
      echo: 'x',
    })
    const packed = await post(root, encode(request), { ...auth, 'content-type': 'application/msgpack' })
    expect(packed.type).toBe('application/msgpack')
    expect(decode(packed.bytes) as Json).toMatchObject({ status: 'ok', data: { user_id: 'b' } })
    expect((await post(root, '{}', { 'content-type': 'application/json' })).status).toBe(403)
    expect((await post(root, '{}', { ...auth, 'content-type': 'text/plain' })).status).toBe(415)
    expect((await fetch(root)).status).toBe(405)
    const bad = await post(root, '{oops', auth)
    expect(JSON.parse(new TextDecoder().decode(bad.bytes))).toMatchObject({
      status: 'failed',
      retcode: 10001,
    })
  })
})
