import { createServer } from 'node:net'
import type {
  Simulator,
  SimulatorOptions,
  V11ProfileName,
  V12ProfileName,
} from '../../testing/simulator/index.js'
import { createSimulator } from '../../testing/simulator/index.js'
import type { RunningBot } from '../start-bot.js'

/** The six connection modes, named `<version>-<mode>` as the framework sees them. */
export const SIMULATE_MODES = [
  'v11-ws-reverse',
  'v11-http-post',
  'v11-ws-forward',
  'v12-ws-reverse',
  'v12-webhook',
  'v12-ws-forward',
] as const
export type SimulateMode = (typeof SIMULATE_MODES)[number]

export function isSimulateMode(value: string): value is SimulateMode {
  return (SIMULATE_MODES as readonly string[]).includes(value)
}

export interface SimulatedSetupOptions {
  readonly mode: SimulateMode
  /** Implementation to imitate (napcat, lagrange, llonebot, gocq for V11; walle for V12). */
  readonly profile?: V11ProfileName | V12ProfileName
  /** Token both sides use; none by default (the bot directory's own token is overridden). */
  readonly accessToken?: string
  /** The bot's PORT; a free one when unset. */
  readonly port?: number
  /** Starts the bot with these config overrides (the `nbts run` code path). */
  readonly startBot: (overrides: Record<string, unknown>) => Promise<RunningBot>
  /** Transport errors of the simulated implementation (refused dials while the bot is down ...). */
  readonly onError?: (error: Error) => void
  /** How long to wait for the simulated implementation to connect. @default 10000 */
  readonly connectTimeoutMs?: number
}

export interface SimulatedSetup {
  readonly bot: RunningBot
  readonly sim: Simulator
}

/**
 * Starts the bot and a simulated implementation wired to each other for `mode`. Who starts first
 * depends on who listens: in reverse modes the bot listens and the implementation dials it; in
 * forward modes the implementation listens and the bot is told its URLs; in the HTTP modes both
 * listen, so the bot's port is chosen first and the implementation posts to it.
 */
export async function startSimulated(options: SimulatedSetupOptions): Promise<SimulatedSetup> {
  const [family, kind] = splitMode(options.mode)
  const version = family === 'v11' ? 11 : 12
  const token = options.accessToken ?? ''
  // The directory's own connection settings would point at a real implementation: the simulated
  // one replaces them for this run.
  const overrides: Record<string, unknown> = {
    host: '127.0.0.1',
    onebot_access_token: token,
    onebot_v11_access_token: token,
    onebot_v12_access_token: token,
    onebot_secret: '',
    onebot_v11_secret: '',
    onebot_ws_urls: [],
    onebot_v11_ws_urls: [],
    onebot_api_roots: {},
    onebot_v11_api_roots: {},
    onebot_v12_ws_urls: [],
    onebot_v12_api_roots: {},
  }
  const simOptions = (url?: string): SimulatorOptions => {
    const common = {
      accessToken: options.accessToken,
      onError: options.onError,
      ...(url === undefined ? {} : { url }),
    }
    return version === 11
      ? {
          version: 11,
          mode: kind as 'ws-reverse' | 'http-post' | 'ws-forward',
          profile: options.profile as V11ProfileName | undefined,
          ...common,
        }
      : {
          version: 12,
          mode: kind as 'ws-reverse' | 'webhook' | 'ws-forward',
          profile: options.profile as V12ProfileName | undefined,
          ...common,
        }
  }
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000
  const path = `/onebot/v${version}/`

  if (kind === 'ws-reverse') {
    const bot = await options.startBot({ ...overrides, port: options.port ?? 0 })
    let sim: Simulator
    try {
      sim = createSimulator(simOptions(`ws://127.0.0.1:${listeningPort(bot)}${path}ws`))
    } catch (error) {
      await bot.app.stop().catch(() => {})
      throw error
    }
    return connect(bot, sim, connectTimeoutMs)
  }
  if (kind === 'ws-forward') {
    const sim = createSimulator(simOptions())
    await sim.start()
    const key = version === 11 ? 'onebot_ws_urls' : 'onebot_v12_ws_urls'
    const urls = sim.endpoints.wsUrls
    const bot = await startOrClose(sim, () =>
      options.startBot({ ...overrides, ...aliasV11(key, urls, version), port: options.port ?? 0 }),
    )
    return connect(bot, sim, connectTimeoutMs, false)
  }
  const port = options.port ?? (await freePort())
  const sim = createSimulator(simOptions(`http://127.0.0.1:${port}${path}http`))
  await sim.start() // its first announcement fails quietly: the bot is not up yet
  const key = version === 11 ? 'onebot_api_roots' : 'onebot_v12_api_roots'
  const bot = await startOrClose(sim, () =>
    options.startBot({ ...overrides, ...aliasV11(key, sim.endpoints.apiRoots, version), port }),
  )
  await sim.reconnect() // the lagrange profile announces itself again (lifecycle `connect`), now that the bot listens
  return { bot, sim }
}

function splitMode(mode: SimulateMode): [string, string] {
  const dash = mode.indexOf('-')
  return [mode.slice(0, dash), mode.slice(dash + 1)]
}

/** V11 keys have `ONEBOT_V11_*` twins that win when set: override both. */
function aliasV11(key: string, value: unknown, version: number): Record<string, unknown> {
  if (version !== 11) return { [key]: value }
  return { [key]: value, [key.replace('onebot_', 'onebot_v11_')]: value }
}

function listeningPort(bot: RunningBot): number {
  const address = bot.app.driver.server?.address()
  if (!address) {
    throw new Error(
      'the bot does not listen (DRIVER has no server part), so a simulated implementation cannot reach it',
    )
  }
  return address.port
}

async function connect(
  bot: RunningBot,
  sim: Simulator,
  timeoutMs: number,
  start = true,
): Promise<SimulatedSetup> {
  try {
    if (start) await sim.start()
    await sim.waitConnected({ timeoutMs })
  } catch (error) {
    await sim.close().catch(() => {})
    await bot.app.stop().catch(() => {})
    throw error
  }
  return { bot, sim }
}

async function startOrClose(sim: Simulator, start: () => Promise<RunningBot>): Promise<RunningBot> {
  try {
    return await start()
  } catch (error) {
    await sim.close().catch(() => {})
    throw error
  }
}

/** A port that was free a moment ago (the HTTP modes must know the bot's port before it starts). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}
