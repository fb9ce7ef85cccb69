/**
 * One app with both OneBot adapters, the echo plugin and a meta-event recorder, listening on
 * 127.0.0.1 port 0, plus simulators in all six connection modes, configured by a NoneBot `.env`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import pino from 'pino'
import { onebotV11 } from '../../src/adapters/onebot/v11/index.js'
import { onebotV12 } from '../../src/adapters/onebot/v12/index.js'
import { type App, createApp } from '../../src/app.js'
import { loadConfig } from '../../src/config/load.js'
import { nodeDriver } from '../../src/driver/node-driver.js'
import { definePlugin } from '../../src/plugin/define-plugin.js'
import { echo } from '../../src/plugins/echo.js'
import { createSimulator, type Simulator } from '../../src/testing/simulator/index.js'

export const TOKEN = 'integration-token'
export const SECRET = 'integration-secret'
/** Short intervals keep the suite fast: heartbeats every 100 ms, redial after 50 ms. */
const FAST = { heartbeatIntervalMs: 100, reconnectIntervalMs: 50 } as const

export interface Harness {
  readonly app: App
  readonly v11: { readonly reverse: Simulator; readonly httpPost: Simulator; readonly forward: Simulator }
  readonly v12: { readonly reverse: Simulator; readonly webhook: Simulator; readonly forward: Simulator }
  /** `detail_type` of every V12 meta event a `metaEvent` matcher saw. */
  readonly v12Meta: string[]
  readonly logs: string[]
  /** `ws://127.0.0.1:PORT` and `http://127.0.0.1:PORT`. */
  readonly wsBase: string
  readonly httpBase: string
  stop(): Promise<void>
}

const metaRecorder = (seen: string[]) =>
  definePlugin({
    name: 'meta-recorder',
    setup(ctx) {
      ctx.metaEvent((c) => {
        if (c.adapter === 'onebot.v12') seen.push(String(c.event.detail_type))
      })
    },
  })

export async function startHarness(): Promise<Harness> {
  // Forward modes and the HTTP APIs listen first: their addresses go into the app's config.
  const v11HttpPost = createSimulator({
    version: 11,
    mode: 'http-post',
    profile: 'gocq',
    bots: [{ selfId: 1102 }],
    accessToken: TOKEN,
    secret: SECRET,
    ...FAST,
  })
  const v11Forward = createSimulator({
    version: 11,
    mode: 'ws-forward',
    profile: 'lagrange',
    bots: [{ selfId: 1103 }],
    accessToken: TOKEN,
    ...FAST,
  })
  const v12Webhook = createSimulator({
    version: 12,
    mode: 'webhook',
    bots: [{ userId: 'w1' }],
    accessToken: TOKEN,
    ...FAST,
  })
  const v12Forward = createSimulator({
    version: 12,
    mode: 'ws-forward',
    bots: [{ userId: 'f1' }],
    accessToken: TOKEN,
    ...FAST,
  })
  await Promise.all([v11HttpPost.start(), v11Forward.start(), v12Webhook.start(), v12Forward.start()])

  const logs: string[] = []
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n'))
        if (line) logs.push((JSON.parse(line) as { msg: string }).msg)
      done()
    },
  })
  const v12Meta: string[] = []
  // The settings as a NoneBot user writes them in `.env`, loaded the way NoneBot loads them.
  const dir = await mkdtemp(join(tmpdir(), 'nbts-integration-'))
  await writeFile(
    join(dir, '.env'),
    [
      `ONEBOT_ACCESS_TOKEN=${TOKEN}`,
      `ONEBOT_SECRET=${SECRET}`,
      `ONEBOT_API_ROOTS=${JSON.stringify(v11HttpPost.endpoints.apiRoots)}`,
      `ONEBOT_WS_URLS=${JSON.stringify(v11Forward.endpoints.wsUrls)}`,
      `ONEBOT_V12_API_ROOTS=${JSON.stringify(v12Webhook.endpoints.apiRoots)}`,
      `ONEBOT_V12_WS_URLS=${JSON.stringify(v12Forward.endpoints.wsUrls)}`,
    ].join('\n'),
  )
  const config = await loadConfig({ cwd: dir, env: {} })
  await rm(dir, { recursive: true })
  const app = createApp({
    config,
    adapters: [
      onebotV11({ reconnect: { initialMs: 20, maxMs: 200, jitter: 0 } }),
      onebotV12({ reconnect: { initialMs: 20, maxMs: 200, jitter: 0 } }),
    ],
    driver: nodeDriver({ host: '127.0.0.1', port: 0 }),
    logger: pino({ level: 'info' }, sink),
    plugins: [echo, metaRecorder(v12Meta)],
  })
  await app.start()
  const address = app.driver.server?.address()
  if (!address) throw new Error('the app has no server')
  const httpBase = `http://127.0.0.1:${address.port}`
  const wsBase = `ws://127.0.0.1:${address.port}`

  // Reverse modes dial the app; V12 reverse WS carries two bots on one socket.
  const v11Reverse = createSimulator({
    version: 11,
    mode: 'ws-reverse',
    profile: 'napcat',
    bots: [{ selfId: 1101 }],
    url: `${wsBase}/onebot/v11/ws`,
    accessToken: TOKEN,
    ...FAST,
  })
  const v12Reverse = createSimulator({
    version: 12,
    mode: 'ws-reverse',
    bots: [{ userId: 'r1' }, { userId: 'r2' }],
    url: `${wsBase}/onebot/v12/ws`,
    accessToken: TOKEN,
    ...FAST,
  })
  // HTTP POST and webhook: the simulators learn the app's URL now that it listens.
  await v11HttpPost.setPostUrl(`${httpBase}/onebot/v11/`)
  await v12Webhook.setPostUrl(`${httpBase}/onebot/v12/`)
  await Promise.all([v11Reverse.start(), v12Reverse.start()])
  const sims = [v11Reverse, v11HttpPost, v11Forward, v12Reverse, v12Webhook, v12Forward]
  await Promise.all([
    v11Reverse.waitConnected(),
    v11Forward.waitConnected(),
    v12Reverse.waitConnected(),
    v12Forward.waitConnected(),
  ])
  return {
    app,
    v11: { reverse: v11Reverse, httpPost: v11HttpPost, forward: v11Forward },
    v12: { reverse: v12Reverse, webhook: v12Webhook, forward: v12Forward },
    v12Meta,
    logs,
    wsBase,
    httpBase,
    async stop() {
      await Promise.all(sims.map((sim) => sim.close()))
      await app.stop()
    },
  }
}
