import { afterEach, describe, expect, it } from 'vitest'
import { createSimulator, type Simulator } from '../index.js'
import { dial } from '../test-support/peers.js'

let sim: Simulator | undefined

afterEach(async () => {
  await sim?.close()
  sim = undefined
})

describe('V11 forward WebSocket', () => {
  it('greets `/` with lifecycle connect (gocq adds _post_method) and answers actions', async () => {
    sim = createSimulator({
      version: 11,
      mode: 'ws-forward',
      profile: 'gocq',
      accessToken: 'tok',
      heartbeatIntervalMs: 40,
    })
    await sim.start()
    const [url] = sim.endpoints.wsUrls
    const peer = await dial(url!, { authorization: 'Bearer tok' })
    expect(await peer.frames.next()).toMatchObject({
      meta_event_type: 'lifecycle',
      sub_type: 'connect',
      _post_method: 2,
    })
    expect(await peer.frames.next((f) => f.meta_event_type === 'heartbeat')).toMatchObject({ interval: 40 })
    await sim.waitConnected()
    expect(await peer.call('get_version_info')).toMatchObject({
      data: { app_name: 'go-cqhttp', protocol_version: 'v11' },
    })
    await sim.sendMessage(undefined, 'hello')
    expect(await peer.frames.next((f) => f.post_type === 'message')).toMatchObject({ message: 'hello' })
    expect(sim.actions[0]?.channel).toBe('ws-forward')
  })

  it('/api gets no events, /event ignores action frames', async () => {
    sim = createSimulator({
      version: 11,
      mode: 'ws-forward',
      profile: 'lagrange',
      heartbeatIntervalMs: false,
    })
    await sim.start()
    const base = sim.endpoints.wsUrls[0]!
    const apiSocket = await dial(`${base}/api`)
    const eventSocket = await dial(`${base}/event/`)
    expect(await eventSocket.frames.next()).toMatchObject({ sub_type: 'connect' })
    expect(await apiSocket.call('get_login_info')).toMatchObject({ status: 'ok' })
    await sim.sendMessage(undefined, 'only on event')
    expect(await eventSocket.frames.next((f) => f.post_type === 'message')).toMatchObject({
      raw_message: 'only on event',
    })
    eventSocket.ws.send(JSON.stringify({ action: 'get_status', params: {}, echo: 'x' }))
    await apiSocket.call('get_status')
    expect(apiSocket.frames.items.some((f) => f.post_type !== undefined)).toBe(false)
    expect(eventSocket.frames.items.some((f) => f.echo === 'x')).toBe(false)
    expect(sim.actions.map((a) => a.action)).toEqual(['get_login_info', 'get_status'])
  })

  it('gocq refuses a bad token before the upgrade: 401 missing, 403 wrong', async () => {
    sim = createSimulator({ version: 11, mode: 'ws-forward', profile: 'gocq', accessToken: 'tok' })
    await sim.start()
    const url = sim.endpoints.wsUrls[0]!
    await expect(dial(url)).rejects.toThrow('HTTP 401')
    await expect(dial(url, { authorization: 'Token wrong' })).rejects.toThrow('HTTP 403')
    const ok = await dial(`${url}/?access_token=tok`)
    await ok.frames.next()
  })

  it('lagrange answers 403 for a missing token too, and only understands Bearer', async () => {
    sim = createSimulator({ version: 11, mode: 'ws-forward', profile: 'lagrange', accessToken: 'tok' })
    await sim.start()
    const url = sim.endpoints.wsUrls[0]!
    await expect(dial(url)).rejects.toThrow('HTTP 403')
    await expect(dial(url, { authorization: 'Token tok' })).rejects.toThrow('HTTP 403')
  })

  it('napcat accepts, sends a retcode 1403 frame and closes without a status code', async () => {
    sim = createSimulator({ version: 11, mode: 'ws-forward', profile: 'napcat', accessToken: 'tok' })
    await sim.start()
    const peer = await dial(sim.endpoints.wsUrls[0]!, { authorization: 'Bearer wrong' })
    expect(await peer.frames.next()).toMatchObject({ status: 'failed', retcode: 1403, data: null })
    expect((await peer.closed).code).toBe(1005)
  })

  it('one server per bot; disconnect drops the framework’s sockets', async () => {
    sim = createSimulator({
      version: 11,
      mode: 'ws-forward',
      bots: [{ selfId: 1 }, { selfId: 2 }],
      heartbeatIntervalMs: false,
    })
    await sim.start()
    expect(sim.endpoints.wsUrls).toHaveLength(2)
    const [a, b] = await Promise.all(sim.endpoints.wsUrls.map((url) => dial(url)))
    expect(await a!.frames.next()).toMatchObject({ self_id: 1 })
    expect(await b!.frames.next()).toMatchObject({ self_id: 2 })
    await sim.waitConnected()
    await sim.disconnect({ abrupt: true })
    expect((await a!.closed).code).toBe(1006)
  })
})
