import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Simulator } from '../../src/testing/simulator/index.js'
import { createSimulator, v12Events } from '../../src/testing/simulator/index.js'
import { type Harness, SECRET, startHarness, TOKEN } from './harness.js'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => h?.stop())

/** `/echo <text>` from a user of `botId`; resolves with what the bot sent back. */
async function echoThrough(sim: Simulator, text: string, botId?: string): Promise<string> {
  await sim.sendMessage(botId, `/echo ${text}`)
  let call = await sim.nextAction(undefined, { timeoutMs: 3000 })
  while (!call.action.startsWith('send_')) call = await sim.nextAction(undefined, { timeoutMs: 3000 })
  expect(call.outcome.status).not.toBe('failed')
  return sim.sentMessages().find((m) => m.record === call)?.text ?? ''
}

const allModes = () =>
  [
    ['V11 reverse WS', h.v11.reverse, undefined],
    ['V11 HTTP POST', h.v11.httpPost, undefined],
    ['V11 forward WS', h.v11.forward, undefined],
    ['V12 reverse WS (bot r1)', h.v12.reverse, 'r1'],
    ['V12 reverse WS (bot r2)', h.v12.reverse, 'r2'],
    ['V12 webhook', h.v12.webhook, undefined],
    ['V12 forward WS', h.v12.forward, undefined],
  ] as const

describe('one app, six connection modes, seven bots at once', () => {
  it('every bot is connected to the same app', async () => {
    // A webhook has no connection: its bot is known from its first event.
    await h.v12.webhook.send(
      v12Events.meta.statusUpdate([{ self: { platform: 'qq', user_id: 'w1' }, online: true }]),
    )
    // Bots appear as their first frames arrive (a forward WS bot once identified, go-cqhttp's HTTP
    // POST bot with its first heartbeat): poll instead of asserting at once.
    await expect
      .poll(() => [...h.app.bots.keys()].sort())
      .toEqual(
        [
          'onebot.v11:1101',
          'onebot.v11:1102',
          'onebot.v11:1103',
          'onebot.v12:r1',
          'onebot.v12:r2',
          'onebot.v12:w1',
          'onebot.v12:f1',
        ].sort(),
      )
  })

  it('/echo hello gets hello back in every mode', async () => {
    for (const [name, sim, bot] of allModes()) {
      expect(await echoThrough(sim, `hello from ${name}`, bot), name).toBe(`hello from ${name}`)
    }
  })

  it('all modes answer concurrently, each on its own connection', async () => {
    const answers = await Promise.all(
      allModes().map(([name, sim, bot]) => echoThrough(sim, `at once ${name}`, bot)),
    )
    expect(answers).toEqual(allModes().map(([name]) => `at once ${name}`))
    // V12 replies go to the bot that received the message.
    const r2 = h.v12.reverse.actions.filter((a) => a.action === 'send_message' && a.botId === 'r2')
    expect(r2.length).toBeGreaterThan(0)
    expect(
      r2.every((a) =>
        String((a.params.message as { data: { text: string } }[])[0]?.data.text).includes('r2'),
      ),
    ).toBe(true)
  })

  it('V12 meta events (connect, status_update, heartbeat) reach a metaEvent matcher', async () => {
    await expect.poll(() => new Set(h.v12Meta)).toEqual(new Set(['connect', 'status_update', 'heartbeat']))
  })
})

describe('bad input is refused while the other bots keep working', () => {
  it('a reverse WS with a wrong token is refused with 401/403', async () => {
    const intruder = createSimulator({
      version: 11,
      mode: 'ws-reverse',
      bots: [{ selfId: 6666 }],
      url: `${h.wsBase}/onebot/v11/ws`,
      accessToken: 'wrong',
      heartbeatIntervalMs: false,
      reconnectIntervalMs: 1000,
    })
    await intruder.start()
    await expect(intruder.waitConnected({ timeoutMs: 300 })).rejects.toThrow(/40[13]/)
    await intruder.close()
    expect(h.app.bot('onebot.v11', '6666')).toBeUndefined()
    const v12Intruder = createSimulator({
      version: 12,
      mode: 'ws-reverse',
      bots: [{ userId: 'evil' }],
      url: `${h.wsBase}/onebot/v12/ws`,
      accessToken: 'wrong',
      heartbeatIntervalMs: false,
      reconnectIntervalMs: 1000,
    })
    await v12Intruder.start()
    await expect(v12Intruder.waitConnected({ timeoutMs: 300 })).rejects.toThrow(/40[13]/)
    await v12Intruder.close()
    expect(h.app.bot('onebot.v12', 'evil')).toBeUndefined()
    expect(await echoThrough(h.v11.reverse, 'still here')).toBe('still here')
    expect(await echoThrough(h.v12.reverse, 'still here', 'r1')).toBe('still here')
  })

  it('an HTTP POST with a bad signature gets 403 and is not handled', async () => {
    const forger = createSimulator({
      version: 11,
      mode: 'http-post',
      profile: 'gocq',
      bots: [{ selfId: 1102 }],
      secret: `${SECRET}-forged`,
      accessToken: TOKEN,
      heartbeatIntervalMs: false,
      url: `${h.httpBase}/onebot/v11/`,
    })
    await forger.start()
    const delivery = await forger.sendMessage(undefined, '/echo forged')
    expect(delivery.httpStatus).toBe(403)
    await forger.close()
    expect(h.logs.some((line) => /HTTP POST .* refused \(403\)/.test(line))).toBe(true)
    // The genuine bot 1102 still works, and never sent the forged text.
    expect(await echoThrough(h.v11.httpPost, 'genuine')).toBe('genuine')
    expect(h.v11.httpPost.sentTexts()).not.toContain('forged')
  })

  it('a webhook with a wrong token is refused', async () => {
    const forger = createSimulator({
      version: 12,
      mode: 'webhook',
      bots: [{ userId: 'w1' }],
      accessToken: 'wrong',
      heartbeatIntervalMs: false,
      url: `${h.httpBase}/onebot/v12/`,
    })
    await forger.start()
    const delivery = await forger.sendMessage(undefined, '/echo forged')
    expect([401, 403]).toContain(delivery.httpStatus)
    await forger.close()
    expect(await echoThrough(h.v12.webhook, 'genuine')).toBe('genuine')
  })

  it('malformed frames are dropped and the same connection keeps working', async () => {
    await h.v11.reverse.sendRaw('{"post_type": "message", broken')
    await h.v11.forward.sendRaw('not json at all')
    await h.v12.reverse.sendRaw('{"type":"message"}') // no detail_type
    await h.v12.forward.sendRaw('[1, 2, 3]')
    const post = await h.v11.httpPost.sendRaw('{oops')
    expect(post.httpStatus).toBe(400)
    const hook = await h.v12.webhook.sendRaw('{oops')
    expect(hook.httpStatus).toBe(400)
    // Each one is named in a log line saying what was wrong and where it came from.
    for (const pattern of [
      /V11 .*WebSocket .*of bot 1101 \(events and API calls, connection #\d+\): dropped a frame that is not JSON/,
      /V11 .*WebSocket .*of bot 1103 \(events and API calls, connection #\d+\): dropped a frame that is not JSON/,
      /V12 reverse WebSocket .*dropped an event \(event has no string detail_type\)/,
      /V12 forward WebSocket .*dropped a frame that is/,
      /V11 HTTP POST .*refused \(400\): body is not JSON/,
      /V12 webhook .*refused \(400\): body is not valid JSON/,
    ]) {
      await expect.poll(() => h.logs.filter((line) => pattern.test(line))).toHaveLength(1)
    }
    for (const [name, sim, bot] of allModes()) {
      expect(await echoThrough(sim, `after junk ${name}`, bot), name).toBe(`after junk ${name}`)
    }
  })

  it('a dropped connection disconnects only its bots; they come back when the implementation redials', async () => {
    const gone: string[] = []
    const back: string[] = []
    const offDisconnect = h.app.onBotDisconnect((bot) => {
      gone.push(`${bot.adapter}:${bot.selfId}`)
    })
    const offConnect = h.app.onBotConnect((bot) => {
      back.push(`${bot.adapter}:${bot.selfId}`)
    })
    await h.v11.reverse.disconnect({ abrupt: true })
    await h.v12.reverse.disconnect({ abrupt: true })
    await expect.poll(() => gone.sort()).toEqual(['onebot.v11:1101', 'onebot.v12:r1', 'onebot.v12:r2'])
    // Meanwhile the other modes answer.
    expect(await echoThrough(h.v11.forward, 'during the outage')).toBe('during the outage')
    expect(await echoThrough(h.v12.webhook, 'during the outage')).toBe('during the outage')
    await h.v11.reverse.waitConnected()
    await h.v12.reverse.waitConnected()
    await expect.poll(() => h.app.bot('onebot.v11', '1101')).toBeDefined()
    await expect.poll(() => h.app.bot('onebot.v12', 'r2')).toBeDefined()
    await expect
      .poll(() => back)
      .toEqual(expect.arrayContaining(['onebot.v11:1101', 'onebot.v12:r1', 'onebot.v12:r2']))
    expect(await echoThrough(h.v11.reverse, 'back again')).toBe('back again')
    expect(await echoThrough(h.v12.reverse, 'back again', 'r2')).toBe('back again')
    offDisconnect()
    offConnect()
  })
})
