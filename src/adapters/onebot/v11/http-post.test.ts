import { afterEach, describe, expect, it } from 'vitest'
import type { V11Bot } from './bot.js'
import { startTestApp, type TestApp, until } from './test-app.js'
import {
  groupMessage,
  HttpApiPeer,
  impls,
  postEvent,
  privateMessage,
  ReversePeer,
  signBody,
} from './test-peers.js'

let t: TestApp | undefined
const apis: HttpApiPeer[] = []
afterEach(async () => {
  await t?.stop()
  t = undefined
  for (const api of apis.splice(0)) await api.close()
})

async function apiPeer(selfId: number, token?: string): Promise<[HttpApiPeer, string]> {
  const api = new HttpApiPeer(selfId, token)
  apis.push(api)
  return [api, await api.listen()]
}

describe('HTTP POST', () => {
  it('drops an event that arrives over both HTTP POST and a WebSocket, and warns once', async () => {
    t = await startTestApp()
    const peer = await ReversePeer.connect({
      url: `${t.wsBase}/onebot/v11/ws`,
      selfId: 10001,
      impl: impls.napcat,
    })
    if (!(peer instanceof ReversePeer)) throw new Error('refused')
    for (const id of [1, 2]) {
      const event = privateMessage(10001, 42, `twice ${id}`, { messageId: id })
      peer.send(event)
      await postEvent(`${t.base}/onebot/v11/`, event, { selfId: 10001 })
    }
    await postEvent(`${t.base}/onebot/v11/`, privateMessage(10001, 42, 'last', { messageId: 3 }), {
      selfId: 10001,
    })
    await t.event((e) => e.plainText === 'last')
    expect(t.events.filter((e) => e.plainText.startsWith('twice')).map((e) => e.plainText)).toEqual([
      'twice 1',
      'twice 2',
    ])
    expect(t.logs.filter((l) => l.msg.includes('delivers its events over 2 channels'))).toHaveLength(1)
    await peer.close()
  })

  it.each(['/onebot/v11/', '/onebot/v11', '/onebot/v11/http', '/onebot/v11/http/'])(
    'answers 204 on %s and replies through the API root with the token',
    async (path) => {
      const [api, root] = await apiPeer(10001, 'tok')
      t = await startTestApp({
        onebot_access_token: 'tok',
        onebot_secret: 'shh',
        onebot_api_roots: { '10001': root },
      })
      const res = await postEvent(`${t.base}${path}`, privateMessage(10001, 42, '/echo hello'), {
        selfId: 10001,
        signKey: 'shh',
      })
      expect(res).toEqual({ status: 204, body: '' })
      const call = await api.responder.next('send_private_msg')
      expect(call.params).toEqual({ user_id: 42, message: [{ type: 'text', data: { text: 'hello' } }] })
      expect(api.authHeaders).toEqual(['Bearer tok'])
    },
  )

  it('verifies X-Signature over the exact bytes: missing 401, wrong 403', async () => {
    t = await startTestApp({ onebot_secret: 'shh' })
    const url = `${t.base}/onebot/v11/`
    const event = privateMessage(1, 2, 'x')
    expect((await postEvent(url, event, { selfId: 1 })).status).toBe(401)
    const wrong = await postEvent(url, event, { selfId: 1, signKey: 'shh', badSignature: true })
    expect(wrong.status).toBe(403)
    expect(wrong.body).toMatch(/X-Signature does not match/)
    // go-cqhttp escapes < > & as \u003c...; re-serialising would change the bytes and the signature.
    const raw = `{"time":1,"self_id":1,"post_type":"message","message_type":"private","sub_type":"friend","message_id":9,"user_id":2,"message":"a \\u003c b \\u0026 c","raw_message":"","font":0,"sender":{}}`
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-self-id': '1', 'x-signature': signBody('shh', raw) },
      body: raw,
    })
    expect(res.status).toBe(204)
    expect((await t.event((e) => e.kind === 'message')).plainText).toBe('a < b & c')
    expect(t.hasLog(/refused \(401\)/) && t.hasLog(/refused \(403\)/)).toBe(true)
  })

  it('uses the access token as the signing key when no secret is set (NapCat, LLOneBot)', async () => {
    t = await startTestApp({ onebot_access_token: 'tok' })
    const url = `${t.base}/onebot/v11/`
    expect((await postEvent(url, privateMessage(1, 2, 'a'), { selfId: 1, signKey: 'tok' })).status).toBe(204)
    const unsigned = await postEvent(url, privateMessage(1, 2, 'b'), { selfId: 1 })
    expect(unsigned.status).toBe(401)
    expect(unsigned.body).toMatch(/ONEBOT_ACCESS_TOKEN/)
  })

  it('answers 400 to malformed JSON, an empty body, a non-event and a missing self id', async () => {
    t = await startTestApp()
    const url = `${t.base}/onebot/v11/`
    expect((await postEvent(url, '{not json', { selfId: 1 })).status).toBe(400)
    expect((await postEvent(url, '', { selfId: 1 })).status).toBe(400)
    expect((await postEvent(url, { hello: 1 }, { selfId: 1 })).status).toBe(400)
    const noId = await postEvent(url, { post_type: 'notice', notice_type: 'x' })
    expect(noId.status).toBe(400)
    expect(noId.body).toMatch(/X-Self-ID/)
  })

  it('falls back to the body self_id when X-Self-ID is absent', async () => {
    t = await startTestApp()
    expect((await postEvent(`${t.base}/onebot/v11/`, privateMessage(777, 2, 'x'))).status).toBe(204)
    await until(() => t!.adapter.bots.has('777'))
  })

  it('fails API calls with ApiNotAvailable naming ONEBOT_API_ROOTS when the bot has no API root', async () => {
    t = await startTestApp()
    await postEvent(`${t.base}/onebot/v11/`, privateMessage(5, 2, 'x'), { selfId: 5 })
    await until(() => t!.connected.length === 1)
    const bot = t.connected[0] as V11Bot
    await expect(bot.call('get_status')).rejects.toMatchObject({
      code: 'E_API_NOT_AVAILABLE',
      message: expect.stringMatching(/ONEBOT_API_ROOTS/),
    })
  })

  it('answers with a quick operation when enabled and a handler replies in time', async () => {
    t = await startTestApp({ onebot_v11_quick_operation: true })
    const res = await postEvent(`${t.base}/onebot/v11/`, groupMessage(5, 555, 42, '/echo quick'), {
      selfId: 5,
    })
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body)).toEqual({
      reply: [{ type: 'text', data: { text: 'quick' } }],
      auto_escape: false,
      at_sender: false,
      delete: false,
      kick: false,
      ban: false,
    })
  })

  it('answers 204 when quick operations are on but nobody replies', async () => {
    t = await startTestApp({}, { quickOperationMs: 50 })
    const res = await postEvent(`${t.base}/onebot/v11/`, groupMessage(5, 555, 42, 'no command'), {
      selfId: 5,
    })
    expect(res.status).toBe(204)
  })

  it('keeps the other bot working while one posts with a bad signature or garbage', async () => {
    const [api, root] = await apiPeer(2)
    t = await startTestApp({ onebot_secret: 'shh', onebot_api_roots: { '2': root } })
    const url = `${t.base}/onebot/v11/`
    expect(
      (
        await postEvent(url, privateMessage(1, 9, '/echo bad'), {
          selfId: 1,
          signKey: 'shh',
          badSignature: true,
        })
      ).status,
    ).toBe(403)
    expect((await postEvent(url, '{{{', { selfId: 1, signKey: 'shh' })).status).toBe(400)
    expect(
      (await postEvent(url, privateMessage(2, 9, '/echo good'), { selfId: 2, signKey: 'shh' })).status,
    ).toBe(204)
    expect((await api.responder.next('send_private_msg')).params.message).toEqual([
      { type: 'text', data: { text: 'good' } },
    ])
    expect(t.adapter.bots.has('1')).toBe(false)
  })

  it('reports an HTTP API that refuses the token as a network error naming the key', async () => {
    const [, root] = await apiPeer(6, 'right')
    t = await startTestApp({ onebot_access_token: 'wrong', onebot_api_roots: { '6': root } })
    await postEvent(`${t.base}/onebot/v11/`, privateMessage(6, 2, 'x'), { selfId: 6, signKey: 'wrong' })
    await until(() => t!.adapter.bots.has('6'))
    await expect(t.adapter.bots.get('6')!.call('get_status')).rejects.toMatchObject({
      code: 'E_NETWORK',
      message: expect.stringMatching(/HTTP 403.*ONEBOT_ACCESS_TOKEN/),
    })
  })
})
