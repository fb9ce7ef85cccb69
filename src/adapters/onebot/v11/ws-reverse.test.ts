import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { NetworkError } from '../../../errors.js'
import type { Simulator, V11ProfileName, V11SimulatorOptions } from '../../../testing/simulator/index.js'
import { type SimApp, startSimApp } from '../../../testing/test-support/sim-app.js'
import { until } from '../../../testing/test-support/wait.js'
import type { V11Bot } from './bot.js'
import { ActionFailed } from './errors.js'
import { onebotV11 } from './index.js'

let t: SimApp | undefined
afterEach(async () => {
  await t?.stop()
  t = undefined
})

async function app(config: Record<string, unknown> = {}): Promise<SimApp> {
  t = await startSimApp({ adapters: [onebotV11()], config })
  return t
}

/** A reverse-WS simulator dialing `path` of the app, connected. */
async function dialing(
  options: Omit<V11SimulatorOptions, 'version' | 'mode' | 'url'> = {},
  path = '/onebot/v11/ws',
): Promise<Simulator> {
  const sim = await t!.sim({
    version: 11,
    mode: 'ws-reverse',
    url: `${t!.wsBase}${path}`,
    heartbeatIntervalMs: false,
    reconnectIntervalMs: 60_000,
    ...options,
  })
  await sim.waitConnected()
  return sim
}

/** A sim that is refused: resolves with its first transport error. */
async function refusedSim(options: Omit<V11SimulatorOptions, 'version' | 'mode' | 'url'>): Promise<Error> {
  const sim = await t!.sim({
    version: 11,
    mode: 'ws-reverse',
    url: `${t!.wsBase}/onebot/v11/`,
    heartbeatIntervalMs: false,
    reconnectIntervalMs: 60_000,
    ...options,
  })
  await until(() => sim.errors.length > 0, 'the refusal')
  await sim.close()
  return sim.errors[0]!
}

/** A bare client for handshakes no implementation sends (no X-Self-ID, an unknown role). */
function rawHandshake(headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${t!.wsBase}/onebot/v11/`, { headers })
    ws.once('unexpected-response', (_req, res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString()
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    ws.once('open', () => {
      ws.terminate()
      reject(new Error('expected the upgrade to be refused'))
    })
    ws.once('error', () => {})
  })
}

const textOf = (t: string) => [{ type: 'text', data: { text: t } }]

describe('reverse WebSocket: routes and handshake', () => {
  it.each(['/onebot/v11/', '/onebot/v11', '/onebot/v11/ws', '/onebot/v11/ws/'])(
    'echoes /echo hello through %s',
    async (path) => {
      await app()
      const sim = await dialing({}, path)
      await sim.sendMessage(undefined, '/echo hello', { userId: 42 })
      const call = await sim.nextAction('send_private_msg')
      expect(call.params).toEqual({ user_id: 42, message: textOf('hello') })
    },
  )

  it.each<V11ProfileName>(['gocq', 'napcat', 'lagrange', 'llonebot'])(
    'accepts %s with its token scheme and message format',
    async (profile) => {
      await app({ onebot_access_token: 'sekrit' })
      const sim = await dialing({ profile, accessToken: 'sekrit' })
      await sim.sendMessage(undefined, '/echo hi there', { groupId: 555, userId: 42 })
      const call = await sim.nextAction('send_group_msg')
      expect(call.params).toEqual({ group_id: 555, message: textOf('hi there') })
      expect(typeof call.echo).toBe('string')
    },
  )

  it('accepts the token from ?access_token=', async () => {
    await app({ onebot_access_token: 'sekrit' })
    await dialing({ profile: 'gocq' }, '/onebot/v11/?access_token=sekrit')
    await until(() => t!.botEvents.length === 1)
  })

  it('refuses a missing token with 401 and a wrong one with 403, saying why, before the upgrade', async () => {
    await app({ onebot_access_token: 'sekrit' })
    expect((await refusedSim({ profile: 'gocq' })).message).toMatch(/401/)
    expect((await refusedSim({ profile: 'gocq', accessToken: 'nope' })).message).toMatch(/403/)
    expect(t!.hasLog(/refused \(401\): missing access token/)).toBe(true)
    expect(t!.hasLog(/refused \(403\): access token does not match/)).toBe(true)
    expect(t!.botEvents).toHaveLength(0)
  })

  it('accepts whatever token is sent when none is configured (NapCat sends "Bearer ")', async () => {
    await app()
    await dialing({ profile: 'napcat', bots: [{ selfId: 1 }] })
    await dialing({ profile: 'gocq', accessToken: 'anything', bots: [{ selfId: 2 }] })
    await until(() => t!.botEvents.length === 2)
  })

  it('answers 400 without X-Self-ID and for an unknown role', async () => {
    await app()
    const noId = await rawHandshake({ 'x-client-role': 'Universal' })
    expect(noId.status).toBe(400)
    expect(noId.body).toMatch(/X-Self-ID/)
    const badRole = await rawHandshake({ 'x-self-id': '1', 'x-client-role': 'Sideways' })
    expect(badRole.status).toBe(400)
    expect(badRole.body).toMatch(/X-Client-Role/)
  })

  it('joins separate API (Lagrange "Api") and Event sockets into one bot', async () => {
    await app()
    const sim = await dialing({ profile: 'lagrange', split: true, bots: [{ selfId: 7 }] })
    expect(sim.openConnections).toBe(2)
    await sim.sendMessage(undefined, '/echo split', { userId: 42 })
    // Lagrange's Event socket ignores inbound frames: the answer proves the call went to Api.
    const call = await sim.nextAction('send_private_msg')
    expect(call.params.message).toEqual(textOf('split'))
    await expect.poll(() => call.outcome.status).toBe('ok')
    expect(t!.botEvents).toEqual(['+7'])
    await sim.disconnect({ reconnect: false })
    await until(() => t!.botEvents.length === 2)
    expect(t!.botEvents).toEqual(['+7', '-7'])
  })

  it('replaces a stale connection for the same self id; pending calls on it fail with a network error', async () => {
    await app()
    const sim = await dialing({ profile: 'gocq', bots: [{ selfId: 9 }] })
    sim.override('get_status', { noAnswer: true })
    await until(() => t!.botEvents.length === 1)
    const bot = t!.app.bot('onebot.v11', '9') as V11Bot
    const pending = bot.call('get_status').catch((error: unknown) => error)
    await sim.nextAction('get_status')
    await sim.reconnect({ keepOld: true })
    expect(await pending).toBeInstanceOf(NetworkError)
    await until(() => sim.openConnections === 1, 'the stale socket to close')
    await sim.sendMessage(undefined, '/echo still here')
    expect((await sim.nextAction('send_private_msg')).params.message).toEqual(textOf('still here'))
    expect(t!.botEvents).toEqual(['+9'])
    expect(t!.hasLog(/bot 9 connected again; closing its previous/)).toBe(true)
  })

  it('logs and drops malformed frames and keeps the connection open', async () => {
    await app()
    const sim = await dialing({ bots: [{ selfId: 3 }] })
    await sim.sendRaw('this is not json {')
    await sim.sendRaw('[1,2,3]')
    await sim.sendRaw('{"hello":"world"}')
    await sim.sendMessage(undefined, '/echo alive')
    await sim.nextAction('send_private_msg')
    expect(t!.hasLog(/not JSON/)).toBe(true)
    expect(t!.hasLog(/JSON array/)).toBe(true)
    expect(t!.hasLog(/neither post_type nor status/)).toBe(true)
    expect(t!.botEvents).toEqual(['+3'])
  })

  it('accepts a 30 MiB response frame (under MAX_FRAME_SIZE, 32 MiB by default)', async () => {
    await app()
    const sim = await dialing({ bots: [{ selfId: 4 }] })
    const big = 'A'.repeat(30 * 1024 * 1024)
    sim.override('get_image', () => ({ file: 'x.png', base64: big }))
    await until(() => t!.botEvents.length === 1)
    const result = await (t!.app.bot('onebot.v11', '4') as V11Bot).call('get_image', { file: 'x.png' })
    expect(result.base64).toHaveLength(big.length)
  })

  it('keeps the other bot working while one is refused, sends garbage or drops its connection', async () => {
    await app({ onebot_access_token: 'sekrit' })
    const good = await dialing({ accessToken: 'sekrit', bots: [{ selfId: 100 }] })
    expect(
      (await refusedSim({ profile: 'gocq', accessToken: 'bad', bots: [{ selfId: 200 }] })).message,
    ).toMatch(/403/)
    const flaky = await dialing({ profile: 'gocq', accessToken: 'sekrit', bots: [{ selfId: 300 }] })
    await flaky.sendRaw('garbage')
    await flaky.disconnect({ abrupt: true, reconnect: false })
    await until(() => t!.botEvents.includes('-300'))
    await good.sendMessage(undefined, '/echo fine')
    expect((await good.nextAction('send_private_msg')).params.message).toEqual(textOf('fine'))
  })
})

describe('reverse WebSocket: API calls', () => {
  async function oneBot(profile: V11ProfileName = 'napcat') {
    await app({ api_timeout: 0.3 })
    const sim = await dialing({ profile, bots: [{ selfId: 5 }] })
    await until(() => t!.botEvents.length === 1)
    return { sim, bot: t!.app.bot('onebot.v11', '5') as V11Bot }
  }

  it('matches responses whose echo came back as a number', async () => {
    const { sim, bot } = await oneBot()
    // Some implementations give the echo back as a number when it looks like one.
    sim.override('get_login_info', {
      raw: ({ echo }) => ({
        status: 'ok',
        retcode: 0,
        data: { user_id: 5, nickname: 'peer' },
        echo: Number(echo),
      }),
    })
    expect(await bot.call('get_login_info')).toEqual({ user_id: '5', nickname: 'peer' })
  })

  it('uses a unique string echo per call and matches concurrent calls', async () => {
    const { sim, bot } = await oneBot()
    sim.override('get_stranger_info', ({ params: p }) => ({
      user_id: p.user_id,
      nickname: `n${String(p.user_id)}`,
    }))
    const results = await Promise.all([1, 2, 3].map((id) => bot.call('get_stranger_info', { user_id: id })))
    expect(results.map((r) => r.nickname)).toEqual(['n1', 'n2', 'n3'])
    const echoes = sim.actions.filter((c) => c.action === 'get_stranger_info').map((c) => c.echo)
    expect(new Set(echoes).size).toBe(3)
    expect(echoes.every((e) => typeof e === 'string')).toBe(true)
  })

  it('times out a call whose response never comes (missing echo) after API_TIMEOUT', async () => {
    const { sim, bot } = await oneBot()
    sim.override('get_status', { raw: () => ({ status: 'ok', retcode: 0, data: null }) })
    await expect(bot.call('get_status')).rejects.toMatchObject({ code: 'E_API_TIMEOUT' })
  })

  it('fails pending calls with a network error when the socket closes', async () => {
    const { sim, bot } = await oneBot()
    sim.override('get_status', { noAnswer: true })
    const pending = bot.call('get_status', {}, { timeoutMs: 10_000 })
    await sim.nextAction('get_status')
    await sim.disconnect({ abrupt: true, reconnect: false })
    await expect(pending).rejects.toMatchObject({ code: 'E_NETWORK' })
  })

  it('raises ActionFailed with action, params, retcode, message and wording', async () => {
    const { sim, bot } = await oneBot('gocq')
    sim.override('set_group_ban', {
      raw: ({ echo }) => ({
        status: 'failed',
        retcode: 100,
        data: null,
        msg: 'GROUP_NOT_FOUND',
        wording: '群不存在',
        echo,
      }),
    })
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
    const { sim, bot } = await oneBot('lagrange')
    sim.override('upload_group_file', {
      raw: ({ echo }) => ({ status: 'file not found', retcode: 1, data: null, echo }),
    })
    await expect(bot.call('upload_group_file', { group_id: 1, file: '/x', name: 'x' })).rejects.toMatchObject(
      { reason: 'file not found', retcode: 1 },
    )
  })

  it('sends _async and _rate_limited variants and resolves on status "async"', async () => {
    const { sim, bot } = await oneBot()
    sim.override('send_like_async', {
      raw: ({ echo }) => ({ status: 'async', retcode: 1, data: null, echo }),
    })
    sim.override('send_like_rate_limited', () => null)
    await bot.callAsync('send_like', { user_id: 1 })
    await bot.callRateLimited('send_like', { user_id: 1 })
    expect(sim.actions.map((c) => c.action).filter((a) => a.startsWith('send_like'))).toEqual([
      'send_like_async',
      'send_like_rate_limited',
    ])
  })

  it('calls unknown actions through callApi and typed ones through bot.api', async () => {
    const { sim, bot } = await oneBot()
    sim.override('get_group_info', () => ({
      group_id: 1,
      group_name: 'g',
      member_count: 2,
      max_member_count: 200,
    }))
    expect(await bot.api.get_group_info({ group_id: 1 })).toMatchObject({ group_name: 'g' })
    sim.override('some_extension', () => null)
    expect(await bot.callApi('some_extension', { x: 1 })).toBeNull()
    expect(sim.actions.at(-1)).toMatchObject({ action: 'some_extension', params: { x: 1 } })
  })

  it('keeps integers beyond 2^53 intact as strings', async () => {
    const { sim, bot } = await oneBot()
    // A response body written by hand so the long integer is on the wire as a bare number.
    sim.override('get_forward_msg', {
      raw: ({ echo }) =>
        `{"status":"ok","retcode":0,"data":{"messages":[{"sender":{"user_id":144115218678093982}}]},"echo":"${String(echo)}"}`,
    })
    const result = await bot.call('get_forward_msg', { id: 'x' })
    expect(result.messages?.[0]).toEqual({ sender: { user_id: '144115218678093982' } })
  })

  it('getForwardMessage sends id and message_id and normalises the nodes', async () => {
    const { sim, bot } = await oneBot('gocq')
    sim.override('get_forward_msg', () => ({
      messages: [{ sender: { user_id: 1, nickname: 'a' }, time: 1, content: 'x' }],
    }))
    const nodes = await bot.getForwardMessage('7345678901234567890')
    expect(sim.actions.at(-1)?.params).toEqual({
      id: '7345678901234567890',
      message_id: '7345678901234567890',
    })
    expect(nodes.map((n) => [n.userId, n.message.extractPlainText()])).toEqual([['1', 'x']])
  })
})
