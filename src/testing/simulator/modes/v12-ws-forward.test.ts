import { afterEach, describe, expect, it } from 'vitest'
import { createSimulator, type Simulator } from '../index.js'
import { dial } from '../test-support/peers.js'

let sim: Simulator | undefined

afterEach(async () => {
  await sim?.close()
  sim = undefined
})

describe('V12 forward WebSocket', () => {
  it('sends connect first, then status_update, and answers actions', async () => {
    sim = createSimulator({ version: 12, mode: 'ws-forward', accessToken: 'tok', heartbeatIntervalMs: false })
    await sim.start()
    const peer = await dial(sim.endpoints.wsUrls[0]!, { authorization: 'Bearer tok' })
    expect(await peer.frames.next()).toMatchObject({ type: 'meta', detail_type: 'connect' })
    expect(await peer.frames.next()).toMatchObject({ detail_type: 'status_update' })
    await sim.waitConnected()
    expect(await peer.call('get_self_info')).toMatchObject({ status: 'ok', data: { user_id: '10001' } })
    await sim.sendMessage(undefined, 'hi')
    expect(await peer.frames.next((f) => f.type === 'message')).toMatchObject({
      detail_type: 'private',
      alt_message: 'hi',
    })
    expect(sim.actions[0]).toMatchObject({ channel: 'ws-forward', botId: '10001' })
  })

  it('refuses a bad token before the upgrade (walle-core answers 403) and other paths with 404', async () => {
    sim = createSimulator({ version: 12, mode: 'ws-forward', accessToken: 'tok' })
    await sim.start()
    const url = sim.endpoints.wsUrls[0]!
    await expect(dial(url)).rejects.toThrow('HTTP 403')
    await expect(dial(url, { authorization: 'Bearer no' })).rejects.toThrow('HTTP 403')
    await expect(dial(`${url}/other?access_token=tok`)).rejects.toThrow('HTTP 404')
    const ok = await dial(`${url}/?access_token=tok`)
    expect(await ok.frames.next()).toMatchObject({ detail_type: 'connect' })
  })
})
