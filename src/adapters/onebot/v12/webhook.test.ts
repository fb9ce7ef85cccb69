import { decode, encode } from '@msgpack/msgpack'
import { afterEach, describe, expect, it } from 'vitest'
import { ApiNotAvailable } from '../../../errors.js'
import type { V12Bot } from './bot.js'
import { ImplHttp, self, startApp, type TestApp, until, v12 } from './test-peer.js'

let t: TestApp | undefined
let impl: ImplHttp | undefined
afterEach(async () => {
  await t?.stop()
  await impl?.stop()
  t = undefined
  impl = undefined
})

function post(path: string, body: string | Uint8Array, headers: Record<string, string> = {}) {
  return fetch(`http://127.0.0.1:${t!.port}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-impl': 'test-impl',
      'x-onebot-version': '12',
      ...headers,
    },
    body,
  })
}

describe('V12 HTTP webhook', () => {
  it.each(['/onebot/v12/', '/onebot/v12/http', '/onebot/v12/http/', '/onebot/v12'])(
    'answers 204 on %s and sends /echo as {action, params, self} to the API root with the token',
    async (path) => {
      impl = new ImplHttp()
      const root = await impl.start()
      t = await startApp({ onebot_access_token: 'tok', onebot_v12_api_roots: { '10': root } })
      const res = await post(
        path,
        JSON.stringify(v12.groupMessage(self('10'), [{ type: 'text', data: { text: '/echo hi' } }])),
        {
          authorization: 'Bearer tok',
        },
      )
      expect(res.status).toBe(204)
      const call = await impl.requests.next()
      expect(call.headers.authorization).toBe('Bearer tok')
      expect(call.body).toEqual({
        action: 'send_message',
        params: { detail_type: 'group', group_id: 'g1', message: [{ type: 'text', data: { text: 'hi' } }] },
        self: { platform: 'qq', user_id: '10' },
      })
    },
  )

  it('checks the token (401 missing, 403 wrong, query accepted) and needs no X-Impl', async () => {
    t = await startApp({ onebot_access_token: 'tok' }, { echo: false })
    const body = JSON.stringify(v12.privateMessage(self('10'), 'x'))
    expect((await post('/onebot/v12/', body)).status).toBe(401)
    expect((await post('/onebot/v12/', body, { authorization: 'Bearer bad' })).status).toBe(403)
    const viaQuery = await fetch(`http://127.0.0.1:${t.port}/onebot/v12/?access_token=tok`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    })
    expect(viaQuery.status).toBe(204)
    await t.events.next()
  })

  it('answers 400 with a reason for malformed JSON and non-events, 415 for other content types', async () => {
    t = await startApp()
    const bad = await post('/onebot/v12/', '{nope')
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('not valid JSON')
    expect((await post('/onebot/v12/', '[1]')).status).toBe(400)
    expect((await post('/onebot/v12/', '{"status":"ok"}')).status).toBe(400)
    expect((await post('/onebot/v12/', 'x', { 'content-type': 'text/plain' })).status).toBe(415)
  })

  it('accepts an application/msgpack body and posts MessagePack when configured', async () => {
    impl = new ImplHttp()
    const root = await impl.start()
    t = await startApp({ onebot_v12_api_roots: { '10': root }, onebot_v12_use_msgpack: true })
    const res = await post('/onebot/v12/', encode(v12.privateMessage(self('10'), '/echo packed')), {
      'content-type': 'application/msgpack',
    })
    expect(res.status).toBe(204)
    const call = await impl.requests.next()
    expect(call.headers['content-type']).toBe('application/msgpack')
    expect(call.body).toMatchObject({ action: 'send_message', params: { user_id: '42' } })
  })

  it('learns bots from status_update, removes them on online:false, and dispatches meta events', async () => {
    t = await startApp()
    const status = (online: boolean) =>
      JSON.stringify(
        v12.status([
          { self: self('10'), online },
          { self: self('11', 'tg'), online: true },
        ]),
      )
    expect((await post('/onebot/v12/', status(true))).status).toBe(204)
    await until(() => t!.botEvents.length === 2, 'two bots')
    const meta = await t.events.next()
    expect(meta.kind).toBe('meta')
    expect(meta.name).toBe('meta.status_update')
    await post('/onebot/v12/', status(false))
    await until(() => t!.botEvents.length === 3, 'one offline')
    expect(t.botEvents).toEqual(['+10', '+11', '-10'])
  })

  it('throws ApiNotAvailable naming ONEBOT_V12_API_ROOTS when a webhook bot has no API root', async () => {
    t = await startApp({}, { echo: false })
    await post('/onebot/v12/', JSON.stringify(v12.privateMessage(self('10'), 'x')))
    const ev = await t.events.next()
    const error = await (ev.bot as V12Bot).call('get_self_info').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiNotAvailable)
    expect((error as Error).message).toContain('ONEBOT_V12_API_ROOTS')
  })

  it('returns actions in the response body when ONEBOT_V12_WEBHOOK_REPLY_TIMEOUT is set', async () => {
    t = await startApp({ onebot_v12_webhook_reply_timeout: 0.2 })
    const res = await post('/onebot/v12/', JSON.stringify(v12.channelMessage(self('10'), '/echo inline')))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(await res.json()).toEqual([
      {
        action: 'send_message',
        params: {
          detail_type: 'channel',
          guild_id: 'guild1',
          channel_id: 'chan1',
          message: [{ type: 'text', data: { text: 'inline' } }],
        },
        self: { platform: 'qq', user_id: '10' },
      },
    ])
    const quiet = await post('/onebot/v12/', JSON.stringify(v12.privateMessage(self('10'), 'no reply')))
    expect(quiet.status).toBe(204)
  })

  it('answers the reply body in MessagePack for a MessagePack request', async () => {
    t = await startApp({ onebot_v12_webhook_reply_timeout: 0.2 })
    const res = await post('/onebot/v12/', encode(v12.privateMessage(self('10'), '/echo mp')), {
      'content-type': 'application/msgpack',
    })
    expect(res.status).toBe(200)
    const actions = decode(new Uint8Array(await res.arrayBuffer()))
    expect(actions).toMatchObject([{ action: 'send_message', params: { user_id: '42' } }])
  })
})
