import { afterEach, describe, expect, it } from 'vitest'
import { createSimulator, type Simulator, v11Events as v11 } from '../../../testing/simulator/index.js'
import type { V11ProfileName } from '../../../testing/simulator/profiles.js'
import { type SimApp, startSimApp } from '../../../testing/test-support/sim-app.js'
import type { V11Bot } from './bot.js'
import { onebotV11 } from './index.js'

let t: SimApp | undefined
afterEach(async () => {
  await t?.stop()
  t = undefined
})

/** A forward-WS server of `profile` for bot `selfId`, started (its URL goes into the app's config). */
async function server(selfId: number, profile: V11ProfileName, accessToken?: string): Promise<Simulator> {
  const sim = createSimulator({
    version: 11,
    mode: 'ws-forward',
    profile,
    bots: [{ selfId }],
    heartbeatIntervalMs: false,
    ...(accessToken ? { accessToken } : {}),
  })
  await sim.start()
  return sim
}

const fast = { reconnect: { initialMs: 20, maxMs: 200, jitter: 0 }, identifyTimeoutMs: 150 }

async function app(sims: readonly Simulator[], config: Record<string, unknown>): Promise<SimApp> {
  t = await startSimApp({ adapters: [onebotV11(fast)], config, sims })
  return t
}

describe('forward WebSocket', () => {
  it('dials every URL with the token, learns each bot from lifecycle connect and echoes', async () => {
    const a = await server(1, 'gocq', 'tok')
    const b = await server(2, 'napcat', 'tok')
    await app([a, b], {
      onebot_access_token: 'tok',
      onebot_ws_urls: [...a.endpoints.wsUrls, ...b.endpoints.wsUrls],
    })
    await expect.poll(() => t!.botEvents.length).toBe(2)
    await a.send(v11.privateMessage({ selfId: 1, userId: 42, text: '/echo from a' }))
    await b.send(v11.privateMessage({ selfId: 2, userId: 42, text: '/echo from b' }))
    expect((await a.nextAction('send_private_msg')).params.message).toEqual([
      { type: 'text', data: { text: 'from a' } },
    ])
    expect((await b.nextAction('send_private_msg')).params.message).toEqual([
      { type: 'text', data: { text: 'from b' } },
    ])
  })

  it('asks get_login_info when no event arrives in time (an /api socket)', async () => {
    const sim = await server(77, 'lagrange')
    await app([sim], { onebot_ws_urls: [`${sim.endpoints.wsUrls[0]}/api`] })
    await sim.nextAction('get_login_info')
    await expect.poll(() => t!.botEvents).toEqual(['+77'])
    expect(await (t!.app.bot('onebot.v11', '77') as V11Bot).call('get_status')).toMatchObject({
      online: true,
    })
  })

  it('reconnects after the connection drops, with a new bot session', async () => {
    const sim = await server(5, 'napcat')
    await app([sim], { onebot_ws_urls: sim.endpoints.wsUrls })
    await expect.poll(() => t!.botEvents).toEqual(['+5'])
    await sim.disconnect({ abrupt: true })
    await expect.poll(() => t!.botEvents).toEqual(['+5', '-5', '+5'])
    expect(sim.connectionAttempts).toBe(2)
    expect(t!.hasLog(/retrying in \d+ ms \(attempt 1\)/)).toBe(true)
  })

  it.each<[V11ProfileName, RegExp]>([
    ['gocq', /HTTP 403/],
    ['lagrange', /HTTP 403/],
    ['napcat', /retcode 1403/],
    ['llonebot', /retcode 1403/],
  ])('detects %s refusing the token and keeps backing off', async (profile, how) => {
    const sim = await server(5, profile, 'right')
    await app([sim], { onebot_access_token: 'wrong', onebot_ws_urls: sim.endpoints.wsUrls })
    await expect.poll(() => sim.connectionAttempts).toBeGreaterThanOrEqual(3)
    await expect
      .poll(() => t!.logs.filter((l) => /refused our access token/.test(l.msg)).length)
      .toBeGreaterThanOrEqual(2)
    expect(t!.botEvents).toEqual([])
    const lines = t!.logs.filter((l) => /refused our access token/.test(l.msg))
    expect(lines[0]!.msg).toMatch(how)
    expect(lines[0]!.level).toBe(50)
    // Capped exponential backoff: the announced delays grow (jitter is 0 here).
    const delays = lines.map((l) => Number(/retrying in (\d+) ms/.exec(l.msg)![1]))
    expect(delays[1]!).toBeGreaterThan(delays[0]!)
  })

  it('reports a missing token as HTTP 401 (go-cqhttp)', async () => {
    const sim = await server(5, 'gocq', 'right')
    await app([sim], { onebot_ws_urls: sim.endpoints.wsUrls })
    await expect.poll(() => t!.hasLog(/refused our access token \(HTTP 401\)/)).toBe(true)
    expect(sim.connectionAttempts).toBeGreaterThanOrEqual(1)
  })

  it('takes a close with 1008 as a token refusal too', async () => {
    const sim = await server(5, 'napcat')
    await app([sim], { onebot_ws_urls: sim.endpoints.wsUrls })
    await expect.poll(() => t!.botEvents).toEqual(['+5'])
    await sim.disconnect({ code: 1008, reason: 'bad token' })
    await expect.poll(() => t!.hasLog(/refused our access token \(closed with 1008 bad token\)/)).toBe(true)
    await expect.poll(() => sim.connectionAttempts).toBe(2)
  })

  it('keeps a working bot while another URL is unreachable', async () => {
    const good = await server(9, 'napcat')
    await app([good], { onebot_ws_urls: ['ws://127.0.0.1:1/', ...good.endpoints.wsUrls] })
    await expect.poll(() => t!.botEvents).toEqual(['+9'])
    await good.send(v11.privateMessage({ selfId: 9, userId: 42, text: '/echo ok' }))
    expect((await good.nextAction('send_private_msg')).params.message).toEqual([
      { type: 'text', data: { text: 'ok' } },
    ])
    await expect.poll(() => t!.hasLog(/ws:\/\/127\.0\.0\.1:1\/: .*retrying/)).toBe(true)
  })

  it.each<[V11ProfileName, string, 'events' | 'api' | 'nothing']>([
    ['napcat', '/event', 'events'],
    ['napcat', '/anything', 'events'],
    ['gocq', '/api/', 'events'],
    ['lagrange', '/api/', 'api'],
    ['llonebot', '/anything', 'nothing'],
  ])('%s on path %s carries what its source says (%s)', async (profile, path, carries) => {
    const sim = await server(31, profile)
    await app([sim], { onebot_ws_urls: [`${sim.endpoints.wsUrls[0]}${path}`], api_timeout: 0.3 })
    await expect.poll(() => sim.openConnections).toBe(1)
    if (carries === 'events') {
      await expect.poll(() => t!.botEvents).toEqual(['+31'])
      await sim.send(v11.privateMessage({ selfId: 31, text: '/echo via path' }))
      expect((await sim.nextAction('send_private_msg')).params.message).toEqual([
        { type: 'text', data: { text: 'via path' } },
      ])
    } else if (carries === 'api') {
      // No lifecycle on an API socket: the adapter asks who it is.
      await sim.nextAction('get_login_info')
      await expect.poll(() => t!.botEvents).toEqual(['+31'])
    } else {
      // LLOneBot accepts any other path, then neither sends events nor answers.
      await expect.poll(() => t!.hasLog(/cannot learn the bot account/)).toBe(true)
      expect(sim.actions).toEqual([])
      expect(t!.botEvents).toEqual([])
    }
  })
})
