import { createApp, onebotV11, type App } from 'nonebot-ts'
import { createSimulator, type Simulator } from 'nonebot-ts/testing'
import { afterEach, beforeEach, expect, it } from 'vitest'
import hello from './hello.js'

// The bot runs in-process with the plugin under test; a simulated OneBot V11 implementation
// (NapCat) connects to it over a real WebSocket on 127.0.0.1 and plays the user.
let app: App
let sim: Simulator

beforeEach(async () => {
  app = createApp({ config: { port: 0 }, adapters: [onebotV11()], plugins: [hello] })
  await app.start()
  const port = app.driver.server!.address()!.port
  sim = createSimulator({ version: 11, mode: 'ws-reverse', url: `ws://127.0.0.1:${port}/onebot/v11/ws` })
  await sim.start()
  await sim.waitConnected()
})

afterEach(async () => {
  await app.stop()
  await sim.close()
})

it('greets by the name given with the command', async () => {
  await sim.sendMessage(undefined, '/hello Alice')
  await sim.nextAction('send_private_msg')
  expect(sim.sentTexts()).toEqual(['Hello, Alice!'])
})

it('asks for a name first when none is given', async () => {
  await sim.sendMessage(undefined, '/hello')
  await sim.nextAction('send_private_msg')
  expect(sim.sentTexts()).toEqual(['What is your name?'])
  await sim.sendMessage(undefined, 'Bob')
  await sim.nextAction('send_private_msg')
  expect(sim.sentTexts()).toEqual(['What is your name?', 'Hello, Bob!'])
})
