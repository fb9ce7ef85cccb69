import { afterEach, describe, expect, it } from 'vitest'
import { createSimulator, type Simulator, v11Events as v11 } from '../../../testing/simulator/index.js'
import type { V11SimulatorOptions } from '../../../testing/simulator/options.js'
import { type SimApp, startSimApp } from '../../../testing/test-support/sim-app.js'
import type { V11Bot } from './bot.js'
import { onebotV11 } from './index.js'

let t: SimApp | undefined
afterEach(async () => {
  await t?.stop()
  t = undefined
})

type PostOptions = Omit<V11SimulatorOptions, 'version' | 'mode'>

/**
 * HTTP POST simulators (their API servers listen first, so their roots go into the app's config
 * when `withApi`), then the app, then the simulators post to `path`.
 */
async function posting(
  sims: readonly (PostOptions & { withApi?: boolean })[],
  config: Record<string, unknown> = {},
  path = '/onebot/v11/',
  adapterOptions: Parameters<typeof onebotV11>[0] = {},
): Promise<Simulator[]> {
  const started = await Promise.all(
    sims.map(async ({ withApi: _, ...options }) => {
      const sim = createSimulator({ version: 11, mode: 'http-post', heartbeatIntervalMs: false, ...options })
      await sim.start()
      return sim
    }),
  )
  const apiRoots: Record<string, string> = {}
  sims.forEach((options, i) => {
    if (options.withApi) Object.assign(apiRoots, started[i]!.endpoints.apiRoots)
  })
  t = await startSimApp({
    adapters: [onebotV11(adapterOptions)],
    config: { onebot_api_roots: apiRoots, ...config },
    sims: started,
  })
  for (const sim of started) await sim.setPostUrl(`${t.httpBase}${path}`)
  return started
}

const NO_OPERATION = { httpStatus: 200, body: '{}' }

describe('HTTP POST', () => {
  it('drops an event that arrives over both HTTP POST and a WebSocket, and warns once', async () => {
    const [post] = await posting([{ profile: 'napcat' }])
    const ws = await t!.sim({
      version: 11,
      mode: 'ws-reverse',
      url: `${t!.wsBase}/onebot/v11/ws`,
      heartbeatIntervalMs: false,
    })
    await ws.waitConnected()
    for (const id of [1, 2]) {
      const event = v11.privateMessage({ text: `twice ${id}`, messageId: id })
      await ws.send(event)
      await post!.send(event)
    }
    await post!.send(v11.privateMessage({ text: 'last', messageId: 3 }))
    await t!.events.next((e) => e.plainText === 'last')
    expect(t!.events.items.filter((e) => e.plainText.startsWith('twice')).map((e) => e.plainText)).toEqual([
      'twice 1',
      'twice 2',
    ])
    expect(t!.logs.filter((l) => l.msg.includes('delivers its events over 2 channels'))).toHaveLength(1)
  })

  it.each(['/onebot/v11/', '/onebot/v11', '/onebot/v11/http', '/onebot/v11/http/'])(
    'answers {} on %s and replies through the API root with the token',
    async (path) => {
      const [sim] = await posting(
        [{ profile: 'gocq', accessToken: 'tok', secret: 'shh', withApi: true }],
        { onebot_access_token: 'tok', onebot_secret: 'shh' },
        path,
      )
      expect(await sim!.sendMessage(undefined, '/echo hello', { userId: 42 })).toEqual(NO_OPERATION)
      const call = await sim!.nextAction('send_private_msg')
      expect(call.params).toEqual({ user_id: 42, message: [{ type: 'text', data: { text: 'hello' } }] })
      // go-cqhttp's API checks the token: the call went through with it.
      await expect.poll(() => call.outcome.status).toBe('ok')
    },
  )

  it('verifies X-Signature over the exact bytes: missing 401, wrong 403', async () => {
    const [unsigned, forged, genuine] = await posting(
      [
        { profile: 'gocq', bots: [{ selfId: 1 }] },
        { profile: 'gocq', secret: 'nope' },
        { profile: 'gocq', secret: 'shh' },
      ],
      { onebot_secret: 'shh' },
    )
    expect((await unsigned!.sendMessage(undefined, 'x')).httpStatus).toBe(401)
    const wrong = await forged!.sendMessage(undefined, 'x')
    expect(wrong.httpStatus).toBe(403)
    expect(wrong.body).toMatch(/X-Signature does not match/)
    // go-cqhttp escapes < > & as \u003c...; re-serialising would change the bytes and the signature.
    const raw = `{"time":1,"self_id":10001,"post_type":"message","message_type":"private","sub_type":"friend","message_id":9,"user_id":2,"message":"a \\u003c b \\u0026 c","raw_message":"","font":0,"sender":{}}`
    expect(await genuine!.sendRaw(raw)).toEqual(NO_OPERATION)
    expect((await t!.events.next((e) => e.kind === 'message')).plainText).toBe('a < b & c')
    expect(t!.hasLog(/refused \(401\)/) && t!.hasLog(/refused \(403\)/)).toBe(true)
  })

  it('uses the access token as the signing key when no secret is set (NapCat, LLOneBot)', async () => {
    const [napcat, llonebot] = await posting(
      [
        { profile: 'napcat', accessToken: 'tok', bots: [{ selfId: 1 }] },
        { profile: 'llonebot', accessToken: 'tok', bots: [{ selfId: 2 }] },
      ],
      { onebot_access_token: 'tok' },
    )
    expect(await napcat!.sendMessage(undefined, 'a')).toEqual(NO_OPERATION)
    expect(await llonebot!.sendMessage(undefined, 'b')).toEqual(NO_OPERATION)
    // A NapCat whose HTTP client has no token posts unsigned: refused, naming what to set.
    const untokened = await t!.sim({
      version: 11,
      mode: 'http-post',
      profile: 'napcat',
      url: `${t!.httpBase}/onebot/v11/`,
      heartbeatIntervalMs: false,
      bots: [{ selfId: 3 }],
    })
    const unsigned = await untokened.sendMessage(undefined, 'c')
    expect(unsigned.httpStatus).toBe(401)
    expect(unsigned.body).toMatch(/ONEBOT_ACCESS_TOKEN is set and ONEBOT_SECRET is not/)
    expect(unsigned.body).toContain('ONEBOT_SECRET=""')
  })

  it('accepts unsigned posts from Lagrange.OneBot with a token and an empty Secret (its API says who it is)', async () => {
    const [lagrange, napcat] = await posting(
      [
        { profile: 'lagrange', accessToken: 'tok', bots: [{ selfId: 7 }], withApi: true },
        // A NapCat without a token on its HTTP client: unsigned, and its API says NapCat.
        { profile: 'napcat', bots: [{ selfId: 8 }], withApi: true },
      ],
      { onebot_access_token: 'tok' },
    )
    // Lagrange posted lifecycle `connect` when it learned the URL; it was accepted.
    await t!.events.next((e) => e.kind === 'meta' && e.bot.selfId === '7')
    await lagrange!.sendMessage(undefined, '/echo through lagrange')
    const call = await lagrange!.nextAction('send_private_msg')
    expect(call.params.message).toEqual([{ type: 'text', data: { text: 'through lagrange' } }])
    expect(
      t!.logs.filter((l) => l.msg.includes('bot 7 is Lagrange.OneBot, which never signs with its token')),
    ).toHaveLength(1)
    const refused = await napcat!.sendMessage(undefined, '/echo forged')
    expect(refused.httpStatus).toBe(401)
    expect(t!.app.bot('onebot.v11', '8')).toBeUndefined()
  })

  it('ONEBOT_SECRET="" accepts unsigned posts even with a token set', async () => {
    const [lagrange] = await posting([{ profile: 'lagrange', accessToken: 'tok' }], {
      onebot_access_token: 'tok',
      onebot_secret: '',
    })
    expect(await lagrange!.sendMessage(undefined, 'hello')).toEqual(NO_OPERATION)
    expect((await t!.events.next((e) => e.kind === 'message')).plainText).toBe('hello')
  })

  it('answers 400 to malformed JSON, an empty body, a non-event and a missing self id', async () => {
    const [sim] = await posting([{ profile: 'gocq' }])
    expect((await sim!.sendRaw('{not json')).httpStatus).toBe(400)
    expect((await sim!.sendRaw('')).httpStatus).toBe(400)
    expect((await sim!.sendRaw('{"hello":1}')).httpStatus).toBe(400)
    // No implementation omits X-Self-ID; a bare client that also has no self_id is refused.
    const noId = await fetch(`${t!.httpBase}/onebot/v11/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"post_type":"notice","notice_type":"x"}',
    })
    expect(noId.status).toBe(400)
    expect(await noId.text()).toMatch(/X-Self-ID/)
  })

  it('falls back to the body self_id when X-Self-ID is absent', async () => {
    t = await startSimApp({ adapters: [onebotV11()] })
    const res = await fetch(`${t.httpBase}/onebot/v11/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(v11.privateMessage({ selfId: 777, text: 'x' })),
    })
    expect(res.status).toBe(200)
    await expect.poll(() => t!.botEvents).toEqual(['+777'])
  })

  it('says a bot connected with its first event, and that only Lagrange posts a lifecycle', async () => {
    const [napcat] = await posting([
      { profile: 'napcat', bots: [{ selfId: 5 }] },
      { profile: 'lagrange', bots: [{ selfId: 6 }] },
    ])
    await expect.poll(() => t!.botEvents).toEqual(['+6'])
    expect(t!.hasLog(/bot 6 connected over HTTP POST with its first event \(lifecycle connect\)/)).toBe(true)
    await napcat!.sendMessage(undefined, 'hi')
    await expect.poll(() => t!.botEvents).toEqual(['+6', '+5'])
    expect(
      t!.hasLog(
        /bot 5 connected over HTTP POST with its first event \(message\); only Lagrange.OneBot posts a lifecycle event/,
      ),
    ).toBe(true)
  })

  it('fails API calls with ApiNotAvailable naming ONEBOT_API_ROOTS when the bot has no API root', async () => {
    const [sim] = await posting([{ profile: 'napcat', bots: [{ selfId: 5 }] }])
    await sim!.sendMessage(undefined, 'x')
    await expect.poll(() => t!.botEvents).toEqual(['+5'])
    const bot = t!.app.bot('onebot.v11', '5') as V11Bot
    await expect(bot.call('get_status')).rejects.toMatchObject({
      code: 'E_API_NOT_AVAILABLE',
      message: expect.stringMatching(/ONEBOT_API_ROOTS/),
    })
  })

  it('answers with a quick operation when enabled and a handler replies in time', async () => {
    const [sim] = await posting([{ profile: 'napcat' }], { onebot_v11_quick_operation: true })
    const delivery = await sim!.sendMessage(undefined, '/echo quick', { groupId: 555 })
    expect(delivery.httpStatus).toBe(200)
    expect(JSON.parse(delivery.body!)).toEqual({
      reply: [{ type: 'text', data: { text: 'quick' } }],
      auto_escape: false,
      at_sender: false,
      delete: false,
      kick: false,
      ban: false,
    })
    expect(sim!.sentTexts()).toEqual(['quick'])
  })

  it('answers {} when quick operations are on but nobody replies (LLOneBot parses every answer)', async () => {
    const [sim] = await posting([{ profile: 'llonebot' }], {}, '/onebot/v11/', { quickOperationMs: 50 })
    expect(await sim!.sendMessage(undefined, 'no command', { groupId: 555 })).toEqual(NO_OPERATION)
    expect(sim!.actions).toEqual([])
  })

  it('warns at start-up when quick operations are the only reply path, and when a Lagrange bot relies on them', async () => {
    const [lagrange] = await posting([{ profile: 'lagrange', bots: [{ selfId: 9 }] }], {
      onebot_v11_quick_operation: true,
    })
    expect(
      t!.hasLog(/quick operations are the only reply path .*Lagrange.OneBot ignores the POST answer/),
    ).toBe(true)
    await expect
      .poll(() => t!.hasLog(/bot 9 posts like Lagrange.OneBot, which ignores quick operations/))
      .toBe(true)
    // And indeed: the quick reply goes back in the answer, and Lagrange drops it.
    const delivery = await lagrange!.sendMessage(undefined, '/echo lost')
    expect(JSON.parse(delivery.body!)).toMatchObject({ reply: [{ type: 'text', data: { text: 'lost' } }] })
    expect(lagrange!.sentTexts()).toEqual([])
  })

  it('keeps the other bot working while one posts with a bad signature or garbage', async () => {
    const [bad, good] = await posting(
      [
        { profile: 'gocq', secret: 'nope', bots: [{ selfId: 1 }] },
        { profile: 'gocq', secret: 'shh', bots: [{ selfId: 2 }], withApi: true },
      ],
      { onebot_secret: 'shh' },
    )
    expect((await bad!.sendMessage(undefined, '/echo bad')).httpStatus).toBe(403)
    expect((await bad!.sendRaw('{{{')).httpStatus).toBe(403)
    expect(await good!.sendMessage(undefined, '/echo good')).toEqual(NO_OPERATION)
    expect((await good!.nextAction('send_private_msg')).params.message).toEqual([
      { type: 'text', data: { text: 'good' } },
    ])
    expect(t!.app.bot('onebot.v11', '1')).toBeUndefined()
  })

  it('reports an HTTP API that refuses the token as a network error naming the key', async () => {
    const [sim] = await posting(
      [{ profile: 'gocq', accessToken: 'right', secret: 'shh', bots: [{ selfId: 6 }], withApi: true }],
      {
        onebot_access_token: 'wrong',
        onebot_secret: 'shh',
      },
    )
    await sim!.sendMessage(undefined, 'x')
    await expect.poll(() => t!.botEvents).toEqual(['+6'])
    const bot = t!.app.bot('onebot.v11', '6') as V11Bot
    await expect(bot.call('get_status')).rejects.toMatchObject({
      code: 'E_NETWORK',
      message: expect.stringMatching(/HTTP 403.*ONEBOT_ACCESS_TOKEN/),
    })
  })
})
