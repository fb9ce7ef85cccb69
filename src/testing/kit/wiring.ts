import { randomBytes } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onebotV11 } from '../../adapters/onebot/v11/index.js'
import { onebotV12 } from '../../adapters/onebot/v12/index.js'
import { App, type EventHandler } from '../../app.js'
import { nodeDriver } from '../../driver/node-driver.js'
import { FakeClock } from '../fake-clock.js'
import { MemoryDriver } from '../memory-driver.js'
import { v11Events, v12Events } from '../simulator/events/index.js'
import { memoryDialer } from '../simulator/modes/peer-socket.js'
import { createSimulator, type Simulator } from '../simulator/simulator.js'
import type { V11Mode, V12Mode } from '../simulator/types.js'
import type { TestAppOptions } from './create-test-app.js'

export type TestAdapter = 'onebot.v11' | 'onebot.v12'

/** What the rig needs from `TestAppOptions` (one definition: the rest is derived). */
export type RigOptions = Omit<TestAppOptions, 'timeoutMs'>

export interface Rig {
  readonly app: App
  readonly sim: Simulator
  readonly adapter: TestAdapter
  readonly clock: FakeClock
  /** Removes the data directory the rig made (when the test gave no `DATA_DIR`). */
  cleanup(): Promise<void>
  /** Dial the app (reverse WS), or start posting to it (HTTP POST, webhook). */
  connect(): Promise<void>
}

/** The config key that points the adapter at the simulator's servers, per version and mode. */
const ENDPOINT_KEYS: Record<string, { readonly key: string; readonly field: 'apiRoots' | 'wsUrls' }> = {
  '11 http-post': { key: 'onebot_api_roots', field: 'apiRoots' },
  '11 ws-forward': { key: 'onebot_ws_urls', field: 'wsUrls' },
  '12 webhook': { key: 'onebot_v12_api_roots', field: 'apiRoots' },
  '12 ws-forward': { key: 'onebot_v12_ws_urls', field: 'wsUrls' },
}

/**
 * Builds the app and a simulated implementation wired to it. Memory: reverse WS over an in-memory
 * socket. Wire: any connection mode over 127.0.0.1; forward and HTTP modes start the simulator's
 * servers first, because their addresses go into the app's configuration.
 */
export async function buildRig(options: RigOptions, tap: EventHandler): Promise<Rig> {
  const adapter = options.adapter ?? 'onebot.v11'
  const version = adapter === 'onebot.v11' ? 11 : 12
  const wire = options.transport === 'wire'
  const mode = options.mode ?? 'ws-reverse'
  if (!wire && mode !== 'ws-reverse') throw new Error(`mode '${mode}' needs transport: 'wire'`)
  const config: Record<string, unknown> = { ...options.config }
  // The implementation sends the token the adapter expects (its own key first, as the adapter reads it).
  const token = lookup(config, `onebot_v${version}_access_token`) ?? lookup(config, 'onebot_access_token')
  // Each test app gets its own DATA_DIR (so its own SQLite file), made only if a plugin uses it.
  const ownDataDir =
    lookup(config, 'data_dir') === undefined
      ? join(tmpdir(), `nbts-test-${randomBytes(6).toString('hex')}`)
      : undefined
  if (ownDataDir) config.DATA_DIR = ownDataDir
  const clock = new FakeClock(options.now)
  const memory = wire ? undefined : new MemoryDriver()
  const simulator = (url: string | undefined): Simulator => {
    const sim = createSimulator({
      ...(version === 11
        ? {
            version,
            mode: mode as V11Mode,
            profile: options.profile ?? 'napcat',
            bots: (options.botIds ?? [10001]).map((selfId) => ({ selfId })),
          }
        : {
            version,
            mode: mode as V12Mode,
            bots: (options.botIds ?? ['10001']).map((id) => ({ userId: String(id) })),
          }),
      url,
      accessToken: token === undefined ? undefined : String(token),
      heartbeatIntervalMs: false,
      reconnectIntervalMs: 50,
      ...(memory ? { dial: memoryDialer((path, o) => memory.server.connect(path, o)) } : {}),
    })
    for (const [action, behaviour] of Object.entries(options.actions ?? {})) sim.override(action, behaviour)
    return sim
  }

  // Forward and HTTP modes: the simulator's servers listen first; their addresses are app config.
  const endpoint = ENDPOINT_KEYS[`${version} ${mode}`]
  let sim: Simulator | undefined
  if (endpoint) {
    sim = simulator(undefined)
    await sim.start()
    config[endpoint.key] = sim.endpoints[endpoint.field]
  }
  const app = new App({
    config,
    adapters: [version === 11 ? onebotV11() : onebotV12()],
    // No server pings: with fake timers the clock jumps minutes while no pong can arrive.
    driver: memory ?? nodeDriver({ host: '127.0.0.1', port: 0, limits: { wsPingIntervalMs: 0 } }),
    clock,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.shutdownGraceMs === undefined ? {} : { shutdownGraceMs: options.shutdownGraceMs }),
  })
  app.use(tap)
  try {
    // Loaded here rather than by start(), which logs a failure and goes on: a test must fail now.
    for (const plugin of options.plugins ?? []) {
      const loaded = await app.plugins.load(plugin)
      if (!loaded.ok) throw loaded.error
    }
    await app.start()
  } catch (error) {
    await sim?.close()
    throw error
  }
  const port = app.driver.server?.address()?.port
  const path = version === 11 ? '/onebot/v11/' : '/onebot/v12/'
  const base = memory ? 'ws://memory' : `ws://127.0.0.1:${port}`
  // Reverse WS: the simulator dials the app, so it is made once the app has a port.
  const ready = sim ?? simulator(`${base}${path}ws`)
  return {
    app,
    sim: ready,
    adapter,
    clock,
    cleanup: async () => {
      if (ownDataDir) await rm(ownDataDir, { recursive: true, force: true })
    },
    async connect() {
      if (mode === 'ws-reverse') await ready.start()
      if (mode !== 'http-post' && mode !== 'webhook') return
      await ready.setPostUrl(`http://127.0.0.1:${port}${path}`)
      // HTTP has no connection: bots are known from a first event. NapCat, LLOneBot and go-cqhttp
      // post none until something happens, so the kit announces each bot with a lifecycle event.
      if (version === 11 && !ready.profile.postsLifecycle) {
        for (const b of ready.bots)
          await ready.send(v11Events.meta.lifecycle('connect', { selfId: Number(b.id) }))
      }
      if (version === 12) {
        const bots = ready.bots.map((b) => ({ self: { platform: b.platform, user_id: b.id }, online: true }))
        await ready.send(v12Events.meta.statusUpdate(bots))
      }
    },
  }
}

function lookup(config: Readonly<Record<string, unknown>>, key: string): unknown {
  for (const [name, value] of Object.entries(config)) if (name.toLowerCase() === key) return value
  return undefined
}
