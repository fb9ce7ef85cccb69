import { afterEach, describe, expect, it } from 'vitest'
import { onebotV11 } from '../../../adapters/onebot/v11/index.js'
import { App } from '../../../app.js'
import { MemoryDriver } from '../../memory-driver.js'
import { createSimulator, type Simulator } from '../simulator.js'
import { memoryDialer } from './peer-socket.js'

let app: App | undefined
let sim: Simulator | undefined
afterEach(async () => {
  await sim?.close()
  await app?.stop()
})

async function start(simToken: string | undefined): Promise<{ driver: MemoryDriver }> {
  const driver = new MemoryDriver()
  app = new App({ config: { ONEBOT_ACCESS_TOKEN: 'right' }, adapters: [onebotV11()], driver })
  await app.start()
  sim = createSimulator({
    version: 11,
    mode: 'ws-reverse',
    url: 'ws://memory/onebot/v11/ws',
    accessToken: simToken,
    heartbeatIntervalMs: false,
    reconnectIntervalMs: 20,
    dial: memoryDialer((path, options) => driver.server.connect(path, options)),
  })
  await sim.start()
  return { driver }
}

describe('memoryDialer', () => {
  it('connects the simulator to an in-process app with the real handshake and frames', async () => {
    await start('right')
    await sim!.waitConnected({ timeoutMs: 1000 })
    await expect.poll(() => app!.bot('onebot.v11', '10001')).toBeDefined()
    expect(sim!.openConnections).toBe(1)
  })

  it('reports a refused handshake as ws does, and keeps redialing', async () => {
    await start('wrong')
    await expect(sim!.waitConnected({ timeoutMs: 100 })).rejects.toThrow(/Unexpected server response: 403/)
    expect(sim!.errors.length).toBeGreaterThan(1)
    expect(app!.bots.size).toBe(0)
  })

  it('an abrupt drop disconnects the bot and the simulator redials', async () => {
    await start('right')
    await sim!.waitConnected({ timeoutMs: 1000 })
    const gone: string[] = []
    app!.onBotDisconnect((bot) => {
      gone.push(bot.selfId)
    })
    await sim!.disconnect({ abrupt: true })
    await expect.poll(() => gone).toEqual(['10001'])
    await sim!.waitConnected({ timeoutMs: 1000 })
    await expect.poll(() => app!.bot('onebot.v11', '10001')).toBeDefined()
  })
})
