import type { Adapter, AdapterHost } from './adapter/adapter.js'
import { ApiHooks } from './adapter/api-hooks.js'
import type { Bot } from './adapter/bot.js'
import type { IncomingEvent } from './adapter/event.js'
import type { SendTarget } from './adapter/target.js'
import { type CoreConfig, readCoreConfig } from './config/core.js'
import { readLimits } from './config/limits.js'
import { ConfigStore } from './config/store.js'
import { nodeDriver } from './driver/node-driver.js'
import type { Driver, DriverPart } from './driver/types.js'
import { LogRateLimiter } from './log/rate-limit.js'
import { type Logger, silentLogger } from './log.js'
import type { MessageInput } from './message/segment.js'
import type { AppObserver } from './observe/observer.js'
import type { Plugin } from './plugin/define-plugin.js'
import { PluginManager } from './plugin/manager.js'
import { sendTo } from './reach/send-to.js'
import type { Clock } from './scheduler/clock.js'
import { AppServices } from './store/services.js'

/** Receives every event the adapters dispatch. The plugin system is one. */
export interface EventHandler {
  handle(event: IncomingEvent): Promise<void>
  /** Called by `stop()` once intake has stopped, before it drains (e.g. to end waiting conversations). */
  close?(): void
  /** Resolves when work the handler runs beyond its `handle` promises (resumed conversations) has ended. */
  settled?(): Promise<void>
  /** The grace period is over: cancel what still runs and describe it, for one log line. */
  abandon?(): string[]
}

export type LifecycleHook = () => void | Promise<void>
export type BotHook = (bot: Bot) => void | Promise<void>

export interface AppOptions {
  /** Configuration: a loaded store, or plain key/values (handy in tests). */
  config?: ConfigStore | Readonly<Record<string, unknown>>
  adapters?: readonly Adapter[]
  /** Overrides the built-in driver (tests use this with port 0). */
  driver?: Driver
  /** Driver parts to switch on. @default the parts `DRIVER` names (all when unset) */
  driverParts?: ReadonlySet<DriverPart>
  logger?: Logger
  /**
   * How long `stop()` waits for running handlers, then for shutdown and bot-disconnect hooks (at
   * least 1 s for those); also how long unloading a plugin waits for its handlers. In ms. @default 5000
   */
  shutdownGraceMs?: number
  /** Plugins to load at `start()` (before the adapters are set up). */
  plugins?: readonly Plugin[]
  /** The bot directory (`DATA_DIR` is relative to it). @default the nearest folder with a package.json above the working directory */
  baseDir?: string
  /** Time for the scheduler and the store's TTLs (the test kit passes a fake one). @default the real clock */
  clock?: Clock
}

/**
 * The application: configuration, driver, adapters, bots and the dispatch of events to handlers.
 */
export class App {
  readonly config: ConfigStore
  readonly core: CoreConfig
  readonly driver: Driver
  readonly logger: Logger
  readonly apiHooks: ApiHooks
  readonly adapters: readonly Adapter[]
  readonly #bots = new Map<string, Bot>()
  readonly #handlers = new Set<EventHandler>()
  readonly #inFlight = new Set<Promise<void>>()
  readonly #startup = new Set<LifecycleHook>()
  readonly #shutdown = new Set<LifecycleHook>()
  readonly #connect = new Set<BotHook>()
  readonly #disconnect = new Set<BotHook>()
  readonly #shutdownGraceMs: number
  /** Bot connect/disconnect hooks still running; `stop()` awaits them. */
  readonly #hookRuns = new Set<Promise<void>>()
  #stopping: Promise<void> | undefined
  #refusedAtShutdown = 0
  readonly #initialPlugins: readonly Plugin[]
  /** Plugins and their matchers; an event handler registered at construction. */
  readonly plugins: PluginManager
  /** Data directory, database, clock: what `ctx.paths`, `ctx.kv`, `ctx.db` use, opened on first use. */
  readonly services: AppServices
  #state: 'idle' | 'starting' | 'running' | 'stopping' | 'stopped' = 'idle'
  #observer: AppObserver | undefined

  constructor(options: AppOptions = {}) {
    this.config = options.config instanceof ConfigStore ? options.config : new ConfigStore(options.config)
    this.core = readCoreConfig(this.config)
    this.logger = options.logger ?? silentLogger()
    this.apiHooks = new ApiHooks(this.logger)
    this.adapters = options.adapters ?? []
    this.#shutdownGraceMs = options.shutdownGraceMs ?? 5000
    // One line a minute per peer for the driver's refusals (a flood of them costs one line).
    const refusals = new LogRateLimiter()
    this.driver =
      options.driver ??
      nodeDriver({
        host: this.core.host,
        port: this.core.port,
        parts: options.driverParts ?? this.core.driverParts,
        timeoutMs: this.core.apiTimeoutMs,
        limits: readLimits(this.config),
        onError: (error, where) => this.logger.error({ err: error }, `driver error in ${where}`),
        onUnknownPath: (message) => this.logger.warn(message),
        onRefusal: (key, message) => refusals.log(this.logger, 'warn', key, message),
      })
    this.#initialPlugins = options.plugins ?? []
    this.services = new AppServices({
      config: this.config,
      logger: this.logger,
      baseDir: options.baseDir,
      clock: options.clock,
    })
    this.plugins = new PluginManager(this)
    this.use(this.plugins)
  }

  get state(): string {
    return this.#state
  }

  /** The grace period of `stop()` and of a plugin's unload, in ms. */
  get shutdownGraceMs(): number {
    return this.#shutdownGraceMs
  }

  /** Connected bots, keyed by `adapter:selfId`. */
  get bots(): ReadonlyMap<string, Bot> {
    return this.#bots
  }

  bot(adapter: string, selfId: string): Bot | undefined {
    return this.#bots.get(`${adapter}:${selfId}`)
  }

  /**
   * Sends `message` to a group, a user or a guild channel on the app's initiative, with a connected
   * bot that can reach it (pin one with `adapter` / `bot`). Throws `UnreachableTarget` when none can.
   * @example
   * await app.sendTo({ group: '123456' }, 'Good morning!')
   */
  sendTo(target: SendTarget, message: MessageInput): Promise<unknown> {
    return sendTo(this.#bots.values(), target, message)
  }

  /**
   * Sets the app's one observer (metrics and the console use it); it sees every event, how long
   * its handlers took, and every API call. Returns its remover.
   */
  observe(observer: AppObserver): () => void {
    this.#observer = observer
    this.apiHooks.observer = (call, ms, error) => observer.apiCall(call, ms, error)
    return () => {
      if (this.#observer !== observer) return
      this.#observer = undefined
      this.apiHooks.observer = undefined
    }
  }

  /** Adds an event handler; returns its disposer. */
  use(handler: EventHandler): () => void {
    this.#handlers.add(handler)
    return () => this.#handlers.delete(handler)
  }

  onStartup(hook: LifecycleHook): () => void {
    return addTo(this.#startup, hook)
  }
  onShutdown(hook: LifecycleHook): () => void {
    return addTo(this.#shutdown, hook)
  }
  onBotConnect(hook: BotHook): () => void {
    return addTo(this.#connect, hook)
  }
  onBotDisconnect(hook: BotHook): () => void {
    return addTo(this.#disconnect, hook)
  }

  /** The single entry point of events. Handlers run concurrently; failures are logged, never thrown. */
  dispatch(event: IncomingEvent): void {
    if (this.#stopping) {
      // Intake has stopped: an event still arriving on an open connection is not handled.
      this.#refusedAtShutdown++
      return
    }
    const observer = this.#observer
    observer?.event(event)
    for (const handler of this.#handlers) {
      const handling = handler.handle(event)
      const running = (observer ? observed(handling, event, observer) : handling).catch((error: unknown) => {
        this.logger.error({ err: error, event: event.name }, 'unhandled error while handling an event')
      })
      this.#inFlight.add(running)
      void running.finally(() => this.#inFlight.delete(running))
    }
  }

  /** Sets up the adapters, runs startup hooks, listens, then lets adapters dial out. */
  async start(): Promise<void> {
    if (this.#state !== 'idle') throw new Error(`App.start() called while ${this.#state}`)
    this.#state = 'starting'
    for (const plugin of this.#initialPlugins) await this.plugins.load(plugin)
    const host = this.#adapterHost()
    for (const adapter of this.adapters) await adapter.setup(host)
    for (const hook of this.#startup) await hook()
    await this.driver.start()
    for (const adapter of this.adapters) await adapter.start?.()
    this.#state = 'running'
    this.#logModes()
  }

  /**
   * Stops in two phases, within the grace period: intake stops (adapters refuse new connections
   * and stop dialling, no new event is dispatched), waiting conversations are cancelled, running
   * handlers drain while connections are still open so their replies go out; then transports
   * close, and bot-disconnect and shutdown hooks run (awaited). What was still running at the end
   * is logged once. Calling it again returns the same promise.
   */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop()
    return this.#stopping
  }

  async #stop(): Promise<void> {
    const deadline = Date.now() + this.#shutdownGraceMs
    this.#state = 'stopping'
    for (const adapter of this.adapters) {
      await this.#guarded(() => adapter.stopAccepting?.(), `adapter ${adapter.name} failed to stop accepting`)
    }
    for (const handler of this.#handlers) handler.close?.()
    await this.#drain(deadline)
    for (const adapter of this.adapters) {
      await this.#guarded(() => adapter.stop?.(), `adapter ${adapter.name} failed to stop`)
    }
    await this.driver.stop()
    for (const bot of [...this.#bots.values()]) this.#removeBot(bot)
    await this.#bounded([...this.#hookRuns], deadline, 'bot disconnect hooks')
    for (const hook of this.#shutdown) {
      await this.#bounded([this.#guarded(hook, 'shutdown hook failed')], deadline, 'a shutdown hook')
    }
    if (this.#refusedAtShutdown > 0 && this.logger.isLevelEnabled('debug')) {
      this.logger.debug(`${this.#refusedAtShutdown} event(s) arrived while stopping and were not handled`)
    }
    await this.services
      .close()
      .catch((error: unknown) => this.logger.error({ err: error }, 'closing services failed'))
    this.#state = 'stopped'
  }

  /** Waits for running handlers until `deadline`; then cancels what is left and logs it once. */
  async #drain(deadline: number): Promise<void> {
    const work = [...this.#inFlight, ...[...this.#handlers].map((h) => h.settled?.())]
    if (this.#inFlight.size > 0 || this.#handlers.size > 0) {
      const done = await this.#within(Promise.allSettled(work), deadline - Date.now())
      if (done) return
    }
    const left = [...this.#handlers].flatMap((handler) => handler.abandon?.() ?? [])
    if (left.length === 0 && this.#inFlight.size === 0) return
    const what = left.length > 0 ? left.join(', ') : `${this.#inFlight.size} event(s) in hooks`
    this.logger.warn(
      `stopping with ${Math.max(left.length, this.#inFlight.size)} handler(s) still running after ${this.#shutdownGraceMs} ms, now cancelled: ${what}`,
    )
  }

  /** Awaits `work` until `deadline` (at least 1 s), then stops waiting with a warning. */
  async #bounded(work: Promise<unknown>[], deadline: number, what: string): Promise<void> {
    if (work.length === 0) return
    const ms = Math.max(deadline - Date.now(), 1000)
    if (!(await this.#within(Promise.allSettled(work), ms))) {
      this.logger.warn(`${what} still running ${ms} ms into the shutdown; not waiting for them`)
    }
  }

  /** Whether `work` settled within `ms`. */
  async #within(work: Promise<unknown>, ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), Math.max(0, ms))
    })
    const result = await Promise.race([work.then(() => true as const), timeout])
    clearTimeout(timer)
    return result
  }

  async #guarded(fn: () => unknown, message: string): Promise<void> {
    try {
      await fn()
    } catch (error) {
      this.logger.error({ err: error }, message)
    }
  }

  #adapterHost(): AdapterHost {
    return {
      config: this.config,
      driver: this.driver,
      logger: this.logger,
      apiHooks: this.apiHooks,
      apiTimeoutMs: this.core.apiTimeoutMs,
      nicknames: this.core.nicknames,
      dispatch: (event) => this.dispatch(event),
      botConnected: (bot) => this.#addBot(bot),
      botDisconnected: (bot) => this.#removeBot(bot),
    }
  }

  #addBot(bot: Bot): void {
    const key = `${bot.adapter}:${bot.selfId}`
    const previous = this.#bots.get(key)
    if (previous === bot) return
    if (previous) this.#removeBot(previous)
    this.#bots.set(key, bot)
    this.logger.info(`bot ${bot.selfId} connected (${bot.adapter})`)
    this.#runBotHooks(this.#connect, bot, 'connect')
  }

  #removeBot(bot: Bot): void {
    const key = `${bot.adapter}:${bot.selfId}`
    if (this.#bots.get(key) !== bot) return
    this.#bots.delete(key)
    this.logger.info(`bot ${bot.selfId} disconnected (${bot.adapter})`)
    this.#runBotHooks(this.#disconnect, bot, 'disconnect')
  }

  #runBotHooks(hooks: Set<BotHook>, bot: Bot, what: string): void {
    for (const hook of hooks) {
      const running = (async () => hook(bot))().catch((error: unknown) =>
        this.logger.error({ err: error }, `bot ${what} hook failed for ${bot.selfId}`),
      )
      // Kept until done, so that stop() can await the disconnect hooks of the bots it closes.
      this.#hookRuns.add(running)
      void running.finally(() => this.#hookRuns.delete(running))
    }
  }

  #logModes(): void {
    const address = this.driver.server?.address()
    if (address) this.logger.info(`listening on http://${address.host}:${address.port}`)
    for (const adapter of this.adapters) {
      for (const mode of adapter.modes()) {
        if (mode.active) this.logger.info(`${mode.name}: ${mode.detail}`)
        else if (mode.warning) this.logger.warn(`${mode.name} is off: ${mode.warning}`)
      }
    }
  }
}

/** Reports how long one handler took with an event, to the observer. */
function observed(handling: Promise<void>, event: IncomingEvent, observer: AppObserver): Promise<void> {
  const started = performance.now()
  return handling.then(
    () => observer.handled(event, performance.now() - started, false),
    (error: unknown) => {
      observer.handled(event, performance.now() - started, true)
      throw error
    },
  )
}

function addTo<T>(set: Set<T>, item: T): () => void {
  set.add(item)
  return () => set.delete(item)
}

export function createApp(options: AppOptions = {}): App {
  return new App(options)
}
