/**
 * Adapter tests through the simulator: a real app on 127.0.0.1 port 0 with the given adapters, an
 * echo handler (`/echo <text>` answers `<text>`), a record of dispatched events, bot hooks and log
 * lines, and simulators that are closed with it. Test-only code.
 */
import pino from 'pino'
import type { Adapter } from '../../adapter/adapter.js'
import type { IncomingEvent } from '../../adapter/event.js'
import { type App, createApp } from '../../app.js'
import { nodeDriver } from '../../driver/node-driver.js'
import type { SimulatorOptions } from '../simulator/options.js'
import { createSimulator, type Simulator } from '../simulator/simulator.js'
import { Inbox } from './wait.js'

export interface SimApp {
  readonly app: App
  readonly httpBase: string
  readonly wsBase: string
  /** Every event dispatched to the app, in order. */
  readonly events: Inbox<IncomingEvent>
  /** `+<selfId>` on bot connect, `-<selfId>` on disconnect. */
  readonly botEvents: string[]
  readonly logs: { readonly level: number; readonly msg: string }[]
  hasLog(pattern: RegExp): boolean
  /** A simulator closed with the app; started unless `start: false`. */
  sim(options: SimulatorOptions, start?: boolean): Promise<Simulator>
  stop(): Promise<void>
}

export interface SimAppOptions {
  readonly adapters: readonly Adapter[]
  readonly config?: Readonly<Record<string, unknown>>
  /** Answer `/echo <text>` messages. @default true */
  readonly echo?: boolean
  /** Simulators started before the app (their servers are in `config`), closed with it. */
  readonly sims?: readonly Simulator[]
}

export async function startSimApp(options: SimAppOptions): Promise<SimApp> {
  const logs: { level: number; msg: string }[] = []
  const logger = pino(
    { level: 'debug' },
    {
      write: (chunk: string) => {
        for (const line of chunk.split('\n'))
          if (line) logs.push(JSON.parse(line) as { level: number; msg: string })
      },
    },
  )
  const app = createApp({
    config: { ...options.config },
    adapters: [...options.adapters],
    driver: nodeDriver({ host: '127.0.0.1', port: 0 }),
    logger,
  })
  const events = new Inbox<IncomingEvent>()
  const botEvents: string[] = []
  app.onBotConnect((bot) => void botEvents.push(`+${bot.selfId}`))
  app.onBotDisconnect((bot) => void botEvents.push(`-${bot.selfId}`))
  app.use({
    async handle(ev) {
      events.push(ev)
      if (options.echo !== false && ev.kind === 'message' && ev.plainText.startsWith('/echo '))
        await ev.bot.send(ev, ev.plainText.slice('/echo '.length))
    },
  })
  await app.start()
  const port = app.driver.server?.address()?.port
  if (port === undefined) throw new Error('the app has no server')
  const sims: Simulator[] = [...(options.sims ?? [])]
  return {
    app,
    httpBase: `http://127.0.0.1:${port}`,
    wsBase: `ws://127.0.0.1:${port}`,
    events,
    botEvents,
    logs,
    hasLog: (pattern) => logs.some((line) => pattern.test(line.msg)),
    async sim(simOptions, start = true) {
      const sim = createSimulator(simOptions)
      sims.push(sim)
      if (start) await sim.start()
      return sim
    },
    async stop() {
      for (const sim of sims.splice(0)) await sim.close()
      await app.stop()
    },
  }
}
