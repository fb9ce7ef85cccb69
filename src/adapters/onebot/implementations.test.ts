/**
 * Behaviour of real implementations, read from their source, through the simulator's profiles:
 * the settings users copy from the docs must connect on the first try.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { type SimApp, startSimApp } from '../../testing/test-support/sim-app.js'
import { onebotV11 } from './v11/index.js'
import { onebotV12 } from './v12/index.js'

let t: SimApp | undefined
afterEach(async () => {
  vi.useRealTimers()
  await t?.stop()
  t = undefined
})

describe('Walle-Q (walle-core 0.7.4): heartbeat interval in seconds', () => {
  it('stays connected across heartbeats and says it read the interval as seconds', async () => {
    t = await startSimApp({ adapters: [onebotV12()] })
    // walle-core sends `interval` in seconds; 200 ms goes out as `interval: 0.2`.
    const sim = await t.sim({
      version: 12,
      mode: 'ws-reverse',
      url: `${t.wsBase}/onebot/v12/ws`,
      heartbeatIntervalMs: 200,
    })
    await sim.waitConnected()
    await t.events.next((e) => e.kind === 'meta' && e.name === 'meta.heartbeat')
    await t.events.next((e) => e.kind === 'meta' && e.name === 'meta.heartbeat')
    await t.events.next((e) => e.kind === 'meta' && e.name === 'meta.heartbeat')
    // Read as milliseconds, 0.2 would have closed the socket 0.6 ms after the first heartbeat.
    expect(sim.openConnections).toBe(1)
    expect(t.botEvents).toEqual(['+10001'])
    expect(
      t.logs.filter((l) =>
        /heartbeat interval 0.2 read as 200 ms \(walle-q sends the heartbeat interval in seconds/.test(l.msg),
      ),
    ).toHaveLength(1)
    await sim.sendMessage(undefined, '/echo still here')
    expect((await sim.nextAction('send_message')).params.message).toEqual([
      { type: 'text', data: { text: 'still here' } },
    ])
  })

  it("walle-q's default 4 s heartbeat: alive 13.9 s later, closed once max(3 x 4 s, 4 s + 10 s) passed", async () => {
    t = await startSimApp({ adapters: [onebotV12()] })
    const sim = await t.sim({
      version: 12,
      mode: 'ws-reverse',
      url: `${t.wsBase}/onebot/v12/ws`,
      heartbeatIntervalMs: false,
      reconnectIntervalMs: 60_000,
    })
    await sim.waitConnected()
    await expect.poll(() => t!.botEvents).toEqual(['+10001'])
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    // One heartbeat exactly as walle-core sends it: `"interval": 4`.
    await sim.send({ id: 'hb1', time: 1, type: 'meta', detail_type: 'heartbeat', sub_type: '', interval: 4 })
    await t.events.next((e) => e.name === 'meta.heartbeat')
    await vi.advanceTimersByTimeAsync(13_900)
    expect(sim.openConnections).toBe(1)
    await vi.advanceTimersByTimeAsync(200)
    vi.useRealTimers()
    await expect.poll(() => t!.botEvents).toEqual(['+10001', '-10001'])
    expect(t.hasLog(/no heartbeat for 14000 ms, closing the dead connection/)).toBe(true)
  })
})

describe('Lagrange.OneBot (v1): `Authorization: Bearer ` with an empty token', () => {
  it('is refused as a missing token (401), not a wrong one (403)', async () => {
    t = await startSimApp({ adapters: [onebotV11()], config: { onebot_access_token: 'tok' } })
    const sim = await t.sim({
      version: 11,
      mode: 'ws-reverse',
      profile: 'lagrange',
      url: `${t.wsBase}/onebot/v11/ws`,
      heartbeatIntervalMs: false,
      reconnectIntervalMs: 60_000,
    })
    await expect.poll(() => sim.errors.length).toBeGreaterThan(0)
    expect(sim.errors[0]?.message).toMatch(/401/)
    expect(t.hasLog(/refused \(401\): missing access token/)).toBe(true)
    expect(t.hasLog(/refused \(403\)/)).toBe(false)
  })
})
