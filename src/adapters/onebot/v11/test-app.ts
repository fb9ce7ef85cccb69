/**
 * Test harness: a real app on 127.0.0.1 port 0 with the V11 adapter, an echo handler
 * (`/echo <text>` answers `<text>`), bot hook records and captured log lines. Test-only.
 */
import { Writable } from 'node:stream'
import pino from 'pino'
import type { Bot } from '../../../adapter/bot.js'
import type { IncomingEvent } from '../../../adapter/event.js'
import { type App, createApp } from '../../../app.js'
import { nodeDriver } from '../../../driver/node-driver.js'
import { V11Adapter } from './adapter.js'
import type { V11Options } from './config.js'

export interface TestApp {
  readonly app: App
  readonly adapter: V11Adapter
  readonly base: string
  readonly wsBase: string
  readonly events: IncomingEvent[]
  readonly connected: Bot[]
  readonly disconnected: Bot[]
  readonly logs: { level: number; msg: string }[]
  /** Waits until an event matching `predicate` was dispatched (already or later). */
  event(predicate: (ev: IncomingEvent) => boolean): Promise<IncomingEvent>
  hasLog(pattern: RegExp): boolean
  stop(): Promise<void>
}

export async function startTestApp(
  config: Record<string, unknown> = {},
  options: Partial<V11Options> = {},
): Promise<TestApp> {
  const logs: { level: number; msg: string }[] = []
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n'))
        if (line) logs.push(JSON.parse(line) as { level: number; msg: string })
      done()
    },
  })
  const adapter = new V11Adapter({
    reconnect: { initialMs: 20, maxMs: 200, jitter: 0 },
    identifyTimeoutMs: 150,
    ...options,
  })
  const app = createApp({
    config,
    adapters: [adapter],
    driver: nodeDriver({ host: '127.0.0.1', port: 0 }),
    logger: pino({ level: 'debug' }, sink),
  })
  const events: IncomingEvent[] = []
  const connected: Bot[] = []
  const disconnected: Bot[] = []
  const waiters: { predicate: (ev: IncomingEvent) => boolean; resolve: (ev: IncomingEvent) => void }[] = []
  app.onBotConnect((bot) => {
    connected.push(bot)
  })
  app.onBotDisconnect((bot) => {
    disconnected.push(bot)
  })
  app.use({
    async handle(ev) {
      events.push(ev)
      for (let i = waiters.length - 1; i >= 0; i--) {
        if (waiters[i]!.predicate(ev)) waiters.splice(i, 1)[0]!.resolve(ev)
      }
      if (ev.kind === 'message' && ev.plainText.startsWith('/echo '))
        await ev.bot.send(ev, ev.plainText.slice(6))
    },
  })
  await app.start()
  const port = app.driver.server!.address()!.port
  return {
    app,
    adapter,
    base: `http://127.0.0.1:${port}`,
    wsBase: `ws://127.0.0.1:${port}`,
    events,
    connected,
    disconnected,
    logs,
    event(predicate) {
      const found = events.find(predicate)
      if (found) return Promise.resolve(found)
      return new Promise((resolve) => waiters.push({ predicate, resolve }))
    },
    hasLog: (pattern) => logs.some((l) => pattern.test(l.msg)),
    stop: () => app.stop(),
  }
}

export { until } from '../../../testing/test-support/wait.js'
