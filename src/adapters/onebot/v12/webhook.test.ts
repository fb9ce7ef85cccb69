import { afterEach, describe, expect, it } from 'vitest'
import { ApiNotAvailable } from '../../../errors.js'
import {
  createSimulator,
  type Simulator,
  type V12WireEvent,
  v12Events as v12,
} from '../../../testing/simulator/index.js'
import type { V12SimulatorOptions } from '../../../testing/simulator/options.js'
import { type SimApp, startSimApp } from '../../../testing/test-support/sim-app.js'
import { until } from '../../../testing/test-support/wait.js'
import type { V12Bot } from './bot.js'
import { onebotV12 } from './index.js'

let t: SimApp | undefined
afterEach(async () => {
  await t?.stop()
  t = undefined
})

const self = (user_id: string, platform = 'qq') => ({ platform, user_id })
type WebhookOptions = Omit<V12SimulatorOptions, 'version' | 'mode'> & { withApi?: boolean }

/** A webhook simulator (its API server in the app's config when `withApi`), then the app, then posting to `path`. */
async function webhook(
  { withApi, ...options }: WebhookOptions = {},
  config: Record<string, unknown> = {},
  path = '/onebot/v12/',
  echo = true,
): Promise<Simulator> {
  const sim = createSimulator({
    version: 12,
    mode: 'webhook',
    heartbeatIntervalMs: false,
    bots: [{ userId: '10' }],
    ...options,
  })
  await sim.start()
  t = await startSimApp({
    adapters: [onebotV12({ discoveryTimeoutMs: 10_000 })],
    config: { nickname: ['bot'], onebot_v12_api_roots: withApi ? sim.endpoints.apiRoots : {}, ...config },
    sims: [sim],
    echo,
  })
  await sim.setPostUrl(`${t.httpBase}${path}`)
  return sim
}

function post(path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${t!.httpBase}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  })
}

describe('V12 HTTP webhook', () => {
  it.each(['/onebot/v12/', '/onebot/v12/http', '/onebot/v12/http/', '/onebot/v12'])(
    'answers 204 on %s and sends /echo as {action, params, self} to the API root with the token',
    async (path) => {
      const sim = await webhook({ accessToken: 'tok', withApi: true }, { onebot_access_token: 'tok' }, path)
      const delivery = await sim.send(
        v12.groupMessage({ self: self('10'), text: '/echo hi', groupId: 'g1', userId: '42' }),
      )
      expect(delivery.httpStatus).toBe(204)
      // The simulator's API server records a call only once its Bearer token checked out.
      const call = await sim.nextAction('send_message')
      expect(call.channel).toBe('http')
      expect({ action: call.action, params: call.params, self: call.self }).toEqual({
        action: 'send_message',
        params: { detail_type: 'group', group_id: 'g1', message: [{ type: 'text', data: { text: 'hi' } }] },
        self: { platform: 'qq', user_id: '10' },
      })
    },
  )

  it('checks the token (401 missing, 403 wrong, query accepted) and needs no X-Impl', async () => {
    const sim = await webhook({}, { onebot_access_token: 'tok' }, '/onebot/v12/', false)
    const event = v12.privateMessage({ self: self('10'), text: 'x' })
    expect((await sim.send(event)).httpStatus).toBe(401)
    const wrong = await t!.sim({
      version: 12,
      mode: 'webhook',
      url: `${t!.httpBase}/onebot/v12/`,
      bots: [{ userId: '10' }],
      accessToken: 'bad',
    })
    expect((await wrong.send(event)).httpStatus).toBe(403)
    const viaQuery = await post('/onebot/v12/?access_token=tok', JSON.stringify(event))
    expect(viaQuery.status).toBe(204)
    await t!.events.next()
  })

  it('answers 400 with a reason for malformed JSON and non-events, 415 for other content types', async () => {
    const sim = await webhook()
    const bad = await sim.sendRaw('{nope')
    expect(bad.httpStatus).toBe(400)
    expect(bad.body).toContain('not valid JSON')
    expect((await sim.sendRaw('[1]')).httpStatus).toBe(400)
    expect((await sim.sendRaw('{"status":"ok"}')).httpStatus).toBe(400)
    expect((await post('/onebot/v12/', 'x', { 'content-type': 'text/plain' })).status).toBe(415)
  })

  it('accepts an application/msgpack body and posts MessagePack when configured', async () => {
    const sim = await webhook({ msgpack: true, withApi: true }, { onebot_v12_use_msgpack: true })
    const delivery = await sim.sendMessage('10', '/echo packed', { userId: '42' })
    expect(delivery.httpStatus).toBe(204)
    const call = await sim.nextAction('send_message')
    expect(call.encoding).toBe('msgpack')
    expect(call).toMatchObject({ action: 'send_message', params: { user_id: '42' } })
  })

  it('learns bots from status_update, removes them on online:false, and dispatches meta events', async () => {
    const sim = await webhook({ bots: [{ userId: '10' }, { userId: '11', platform: 'tg' }] })
    const status = (online: boolean) =>
      v12.meta.statusUpdate([
        { self: self('10'), online },
        { self: self('11', 'tg'), online: true },
      ])
    expect((await sim.send(status(true))).httpStatus).toBe(204)
    await until(() => t!.botEvents.length === 2, 'two bots')
    const meta = await t!.events.next()
    expect(meta.kind).toBe('meta')
    expect(meta.name).toBe('meta.status_update')
    await sim.send(status(false))
    await until(() => t!.botEvents.length === 3, 'one offline')
    expect(t!.botEvents).toEqual(['+10', '+11', '-10'])
  })

  it('throws ApiNotAvailable naming ONEBOT_V12_API_ROOTS when a webhook bot has no API root', async () => {
    const sim = await webhook({}, {}, '/onebot/v12/', false)
    await sim.sendMessage('10', 'x')
    const ev = await t!.events.next()
    const error = await (ev.bot as V12Bot).call('get_self_info').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiNotAvailable)
    expect((error as Error).message).toContain('ONEBOT_V12_API_ROOTS')
  })

  it('returns actions in the response body when ONEBOT_V12_WEBHOOK_REPLY_TIMEOUT is set', async () => {
    const sim = await webhook({}, { onebot_v12_webhook_reply_timeout: 0.2 })
    const channel: V12WireEvent = {
      ...v12.privateMessage({ self: self('10'), text: '/echo inline', userId: '42' }),
      detail_type: 'channel',
      guild_id: 'guild1',
      channel_id: 'chan1',
    }
    const delivery = await sim.send(channel)
    expect(delivery.httpStatus).toBe(200)
    expect(JSON.parse(delivery.body!)).toEqual([
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
    // The simulator ran the returned action, as an implementation does.
    const call = await sim.nextAction('send_message')
    expect(call.channel).toBe('webhook-response')
    expect(call.encoding).toBe('json')
    const quiet = await sim.sendMessage('10', 'no reply')
    expect(quiet.httpStatus).toBe(204)
  })

  it('answers the reply body in MessagePack for a MessagePack request', async () => {
    const sim = await webhook({ msgpack: true }, { onebot_v12_webhook_reply_timeout: 0.2 })
    const delivery = await sim.sendMessage('10', '/echo mp', { userId: '42' })
    expect(delivery.httpStatus).toBe(200)
    const call = await sim.nextAction('send_message')
    expect(call.encoding).toBe('msgpack')
    expect(call).toMatchObject({
      channel: 'webhook-response',
      action: 'send_message',
      params: { user_id: '42' },
    })
  })
})
