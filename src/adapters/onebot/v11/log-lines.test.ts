// Log lines a user reads without the source: which connection, carrying what, for which bot.
import { Writable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { type App, createApp } from '../../../app.js'
import { nodeDriver } from '../../../driver/node-driver.js'
import { createLogger } from '../../../log.js'
import { createTestApp, type TestApp } from '../../../testing/kit/index.js'
import { onebotV11 } from './index.js'

function jsonLog() {
  const lines: string[] = []
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).trim().split('\n')) lines.push(JSON.parse(line).msg as string)
      done()
    },
  })
  return { lines, logger: createLogger({ format: 'json', level: 'INFO', destination }) }
}

let t: TestApp | undefined
let app: App | undefined
afterEach(async () => {
  await t?.stop()
  await app?.stop()
  t = undefined
  app = undefined
})

describe('OneBot V11 log lines', () => {
  it('a reverse WebSocket says where it is, what it carries and which bot, once', async () => {
    const log = jsonLog()
    t = await createTestApp({ logger: log.logger })
    await t.sim.close()
    await expect.poll(() => log.lines.filter((l) => l.includes('closed'))).toHaveLength(1)
    const open = log.lines.find((l) => l.endsWith(' open for bot 10001'))
    expect(open).toMatch(
      /^OneBot V11: reverse WebSocket on \/onebot\/v11\/ws \(events and API calls, connection #\d+\) open for bot 10001$/,
    )
    // One line per connection says "bot 10001 connected" (tools count them).
    expect(log.lines.filter((l) => l.includes('bot 10001 connected'))).toEqual([
      'bot 10001 connected (onebot.v11)',
    ])
    expect(log.lines.find((l) => l.includes('closed'))).toMatch(
      /^OneBot V11: reverse WebSocket on \/onebot\/v11\/ws of bot 10001 \(events and API calls, connection #\d+\) closed \(1000/,
    )
    expect(log.lines.join('\n')).not.toMatch(/bot 10001 .*of bot 10001/)
  })

  it('the HTTP POST start-up line says what ONEBOT_API_ROOTS means for API calls', async () => {
    const adapter = onebotV11()
    app = createApp({ adapters: [adapter], driver: nodeDriver({ host: '127.0.0.1', port: 0 }) })
    await app.start()
    const post = () => adapter.modes().find((m) => m.name === 'OneBot V11 HTTP POST')?.detail
    expect(post()).toMatch(/; no ONEBOT_API_ROOTS, so API calls to a bot that only posts here fail$/)
    await app.stop()

    const withRoots = onebotV11()
    app = createApp({
      adapters: [withRoots],
      config: { onebot_api_roots: { '10001': 'http://127.0.0.1:5700' } },
      driver: nodeDriver({ host: '127.0.0.1', port: 0 }),
    })
    await app.start()
    expect(withRoots.modes().find((m) => m.name === 'OneBot V11 HTTP POST')?.detail).toMatch(
      /; API calls go over HTTP for bot 10001 \(ONEBOT_API_ROOTS\)$/,
    )
    expect(post()).not.toContain('no bot')
  })
})
