import { afterEach, describe, expect, it } from 'vitest'
import { type App, createApp } from '../../../app.js'
import { nodeDriver } from '../../../driver/node-driver.js'
import type { DriverPart } from '../../../driver/types.js'
import { createSimulator } from '../../../testing/simulator/index.js'
import type { V11Bot } from './bot.js'
import { onebotV11 } from './index.js'

let app: App | undefined
afterEach(async () => {
  await app?.stop()
  app = undefined
})

async function start(parts: DriverPart[], config: Record<string, unknown>) {
  const adapter = onebotV11()
  app = createApp({
    config,
    adapters: [adapter],
    driver: nodeDriver({ host: '127.0.0.1', port: 0, parts: new Set(parts) }),
  })
  await app.start()
  return adapter
}

describe('connection modes and driver parts', () => {
  it('reports every mode as active with a full driver', async () => {
    const adapter = await start(['server', 'httpClient', 'wsClient'], {
      onebot_ws_urls: ['ws://127.0.0.1:1'],
    })
    expect(adapter.modes().map((m) => [m.name, m.active])).toEqual([
      ['OneBot V11 reverse WebSocket', true],
      ['OneBot V11 HTTP POST', true],
      ['OneBot V11 forward WebSocket', true],
    ])
  })

  it('names the missing driver part for each mode that cannot run', async () => {
    const adapter = await start(['httpClient'], { onebot_ws_urls: ['ws://127.0.0.1:1'] })
    const modes = adapter.modes()
    expect(modes.filter((m) => !m.active).map((m) => m.warning)).toEqual([
      expect.stringMatching(/no server/),
      expect.stringMatching(/no server/),
      expect.stringMatching(/no websocket client/),
    ])
  })

  it('warns when API roots are set but there is no HTTP client, and calls fail with ApiNotAvailable', async () => {
    const adapter = await start(['server'], { onebot_api_roots: { '5': 'http://127.0.0.1:5700' } })
    expect(adapter.modes().find((m) => m.name === 'OneBot V11 HTTP API')?.warning).toMatch(/no HTTP client/)
    const port = app!.driver.server!.address()!.port
    const sim = createSimulator({
      version: 11,
      mode: 'http-post',
      bots: [{ selfId: 5 }],
      url: `http://127.0.0.1:${port}/onebot/v11/`,
      heartbeatIntervalMs: false,
    })
    await sim.start()
    await sim.sendMessage(undefined, 'x')
    await sim.close()
    const bot = adapter.bots.get('5') as V11Bot
    await expect(bot.call('get_status')).rejects.toMatchObject({
      code: 'E_API_NOT_AVAILABLE',
      message: expect.stringMatching(/HTTP client/),
    })
  })

  it('throws a ConfigError naming the key at start-up for a bad value', async () => {
    await expect(start(['server'], { onebot_ws_urls: 'not-json' })).rejects.toMatchObject({
      code: 'E_CONFIG',
      key: 'ONEBOT_WS_URLS',
    })
    app = undefined
  })
})
