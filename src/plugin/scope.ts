import type { Kysely } from 'kysely'
import type { AdapterRegistry } from '../adapter/adapter.js'
import type { CalledApiHook, CallingApiHook } from '../adapter/api-hooks.js'
import type { Bot } from '../adapter/bot.js'
import type { SendTarget } from '../adapter/target.js'
import type { App, BotHook, LifecycleHook } from '../app.js'
import { type Duration, durationMs } from '../config/duration.js'
import type { Disposer, HttpHandler, WsHandler } from '../driver/types.js'
import { DriverPartMissing } from '../errors.js'
import type { Logger } from '../log.js'
import type { EventHook } from '../matcher/dispatcher.js'
import type { AfterRunHook, BeforeRunHook, HookEntry } from '../matcher/run.js'
import type { MessageInput } from '../message/segment.js'
import { listBots, type RegisteredBot } from '../reach/bots.js'
import { PluginHttp } from '../reach/http.js'
import type { CronOptions, JobFn, JobOptions, ScheduledJob } from '../scheduler/job.js'
import { PersistentJobs } from '../scheduler/persistent-jobs.js'
import { PluginScheduler } from '../scheduler/plugin-scheduler.js'
import type { Tables } from '../store/database.js'
import type { PluginPaths } from '../store/paths.js'
import type { KeyValueStore } from '../store/types.js'
import type { Plugin, PluginExports, PluginMetadata } from './define-plugin.js'
import { MatcherFactory } from './factories.js'
import type { PluginLifecycle, ScopeStatus } from './lifecycle.js'

/** What a scope asks of the plugin manager. */
export interface ScopeHost {
  readonly app: App
  require(from: string, plugin: Plugin | string): Promise<unknown>
}

/**
 * A plugin's `ctx`: the matcher factories plus hooks, routes and dependencies. Everything
 * registered through it is recorded and undone when the plugin is unloaded; after that, every
 * registration through it throws `PluginDisposedError` naming the plugin.
 */
export class PluginScope<R = AdapterRegistry> extends MatcherFactory<R> {
  readonly name: string
  readonly metadata: PluginMetadata
  readonly logger: Logger
  readonly app: App
  readonly #core: PluginLifecycle
  readonly #host: ScopeHost
  #http: PluginHttp | undefined
  #paths: PluginPaths | undefined
  #kv: KeyValueStore | undefined
  #scheduler: PluginScheduler | undefined
  #jobs: PersistentJobs | undefined

  constructor(host: ScopeHost, metadata: PluginMetadata, core: PluginLifecycle) {
    super(core)
    this.#core = core
    this.#host = host
    this.app = host.app
    this.name = metadata.name
    this.metadata = metadata
    this.logger = host.app.logger.child({ plugin: metadata.name })
  }

  /** `loading` during `setup`, `active` once loaded, `disposed` once unloaded. */
  get status(): ScopeStatus {
    return this.#core.status
  }

  /** Aborted when the plugin is unloaded: pass it to the plugin's own long-lived I/O. */
  get signal(): AbortSignal {
    return this.#core.signal
  }

  /** The plugin's own directories under `DATA_DIR` (data, cache, config), created on first use. */
  get paths(): PluginPaths {
    this.#paths ??= this.app.services.paths(this.name)
    return this.#paths
  }

  /** The plugin's key-value store (JSON values, bigint-safe, optional TTL), in the app's database. */
  get kv(): KeyValueStore {
    this.#kv ??= this.app.services.kv(this.name)
    return this.#kv
  }

  /** The app's database (Kysely; SQLite, or PostgreSQL with `DATABASE_URL`), opened on first use. */
  get db(): Kysely<Tables> {
    return this.app.services.database.db
  }

  /**
   * Runs `fn` on a cron schedule (croner syntax; `tz` an IANA zone). Errors are logged with the
   * plugin and job name and the schedule goes on; a run never overlaps the previous one (unless
   * `overlap: true`). Cancelled when the plugin is unloaded.
   * @example ctx.cron('0 8 * * *', () => ctx.sendTo({ group: 123 }, 'Good morning'), { tz: 'Asia/Shanghai', name: 'morning' })
   */
  cron(expression: string, fn: JobFn, options?: CronOptions): ScheduledJob {
    return this.#jobsScheduler().cron(expression, fn, options)
  }

  /** Runs `fn` every `interval` (ms or `'10m'`), first after one interval; rules as `cron`. */
  every(interval: Duration, fn: JobFn, options?: JobOptions): ScheduledJob {
    return this.#jobsScheduler().every(interval, fn, options)
  }

  /** Runs `fn` once at `date` (at once when past); rules as `cron`. */
  at(date: Date | string | number, fn: JobFn, options?: JobOptions): ScheduledJob {
    return this.#jobsScheduler().at(date, fn, options)
  }

  /** Jobs created at run time and stored in the database, surviving restarts (`define`, `add`, `cancel`, `list`). */
  get jobs(): PersistentJobs {
    this.#jobs ??= new PersistentJobs({
      plugin: this.name,
      open: () => this.app.services.tables(),
      scheduler: this.#jobsScheduler(),
      clock: this.app.services.clock,
      logger: this.logger,
    })
    return this.#jobs
  }

  #jobsScheduler(): PluginScheduler {
    if (!this.#scheduler) {
      const scheduler = new PluginScheduler(this.app.services.clock, this.logger)
      this.#scheduler = scheduler
      const unregister = this.app.services.onClose(() => scheduler.dispose())
      this.#core.track(() => {
        unregister()
        scheduler.dispose()
      })
    }
    return this.#scheduler
  }

  /** Runs `fn` when the plugin is unloaded (after the plugin's registrations are undone, newest first). */
  onDispose(fn: () => void): void {
    this.#core.track(fn, 'ctx.onDispose()')
  }

  /** Loads (if needed) and returns another plugin's exports; unloading it unloads this plugin first. */
  require<P extends Plugin>(plugin: P): Promise<PluginExports<P>>
  require(name: string): Promise<unknown>
  require(plugin: Plugin | string): Promise<unknown> {
    this.#core.assertLive('ctx.require()')
    return this.#host.require(this.name, plugin)
  }

  /** `app.sendTo`: sends to a group, user or channel with a connected bot that can reach it. */
  sendTo(target: SendTarget, message: MessageInput): Promise<unknown> {
    this.#core.assertLive('ctx.sendTo()')
    return this.app.sendTo(target, message)
  }

  /** HTTP for the plugin: timeout, JSON helpers, proxy from the environment; aborted on unload. */
  get http(): PluginHttp {
    if (!this.#http) {
      const http = new PluginHttp(this.app, this.name)
      this.#track(() => http.dispose())
      this.#http = http
    }
    return this.#http
  }

  /** Connected bots; `ctx.bots('onebot.v11')` gives that adapter's, typed (`V11Bot[]`). */
  bots(): Bot[]
  bots<K extends keyof R & string>(adapter: K): RegisteredBot<R, K>[]
  bots(adapter?: string): Bot[] {
    return listBots(this.app.bots.values(), adapter)
  }

  /** `setInterval` (ms, or a string such as `'1h'`) that stops when the plugin is unloaded; errors are logged, not thrown. */
  setInterval(fn: () => unknown, every: Duration): Disposer {
    this.#core.assertLive('ctx.setInterval()')
    const timer = setInterval(() => this.#guard(fn), durationMs(every, 'setInterval'))
    timer.unref?.()
    return this.#track(() => clearInterval(timer))
  }

  /** `setTimeout` that is cancelled when the plugin is unloaded (ms, or a string such as `'30s'`). */
  setTimeout(fn: () => unknown, after: Duration): Disposer {
    this.#core.assertLive('ctx.setTimeout()')
    const timer = setTimeout(() => this.#guard(fn), durationMs(after, 'setTimeout'))
    timer.unref?.()
    return this.#track(() => clearTimeout(timer))
  }

  /** Adds an HTTP route on the app's server (removed on unload). */
  route(method: string, path: string, handler: HttpHandler): Disposer {
    this.#core.assertLive('ctx.route()')
    return this.#track(this.#server().route(method, path, handler))
  }

  /** Adds a WebSocket route on the app's server (removed on unload). */
  ws(path: string, handler: WsHandler): Disposer {
    this.#core.assertLive('ctx.ws()')
    return this.#track(this.#server().ws(path, handler))
  }

  /** Runs at app start (right away if the app is already running). */
  onStartup(hook: LifecycleHook): Disposer {
    this.#core.assertLive('ctx.onStartup()')
    if (this.app.state === 'running') {
      void (async () => hook())().catch((error: unknown) =>
        this.logger.error({ err: error }, 'startup hook failed'),
      )
    }
    return this.#track(this.app.onStartup(hook))
  }
  onShutdown(hook: LifecycleHook): Disposer {
    this.#core.assertLive('ctx.onShutdown()')
    return this.#track(this.app.onShutdown(hook))
  }
  onBotConnect(hook: BotHook): Disposer {
    this.#core.assertLive('ctx.onBotConnect()')
    return this.#track(this.app.onBotConnect(hook))
  }
  onBotDisconnect(hook: BotHook): Disposer {
    this.#core.assertLive('ctx.onBotDisconnect()')
    return this.#track(this.app.onBotDisconnect(hook))
  }

  /** Before every API call: inspect or change `call.params`, throw to fail it, return `mockResult(x)` to answer `x`. */
  onCallingApi(hook: CallingApiHook): Disposer {
    this.#core.assertLive('ctx.onCallingApi()')
    this.app.apiHooks.calling.add(hook)
    return this.#track(() => this.app.apiHooks.calling.delete(hook))
  }
  /** After every API call, with its result or error; return `mockResult(x)` to replace the outcome. */
  onCalledApi(hook: CalledApiHook): Disposer {
    this.#core.assertLive('ctx.onCalledApi()')
    this.app.apiHooks.called.add(hook)
    return this.#track(() => this.app.apiHooks.called.delete(hook))
  }

  /** Event pre-processor: runs before any matcher; `c.skipEvent()` drops the event. */
  beforeEvent(hook: EventHook): Disposer {
    return this.#hook(this.#core.dispatcher.beforeEvent, hook, 'ctx.beforeEvent()')
  }
  /** Event post-processor: runs after the matchers. */
  afterEvent(hook: EventHook): Disposer {
    return this.#hook(this.#core.dispatcher.afterEvent, hook, 'ctx.afterEvent()')
  }
  /** Run pre-processor: runs before each matcher; `c.skipMatcher()` skips that matcher. */
  beforeRun(hook: BeforeRunHook): Disposer {
    return this.#hook(this.#core.dispatcher.beforeRun, hook, 'ctx.beforeRun()')
  }
  /** Run post-processor: runs after each matcher with the error it threw, if any. */
  afterRun(hook: AfterRunHook): Disposer {
    return this.#hook(this.#core.dispatcher.afterRun, hook, 'ctx.afterRun()')
  }

  #hook<F>(set: Set<HookEntry<F>>, fn: F, what: string): Disposer {
    this.#core.assertLive(what)
    const entry: HookEntry<F> = { plugin: this.name, fn }
    set.add(entry)
    return this.#track(() => set.delete(entry))
  }

  #guard(fn: () => unknown): void {
    void (async () => fn())().catch((error: unknown) =>
      this.logger.error({ err: error }, 'timer callback failed'),
    )
  }

  #server() {
    const server = this.app.driver.server
    if (!server) {
      throw new DriverPartMissing(
        'server',
        `plugin ${this.name} adds an HTTP route, but DRIVER has no server part`,
      )
    }
    return server
  }

  #track(dispose: () => unknown): Disposer {
    let done = false
    const once = () => {
      if (done) return
      done = true
      dispose()
    }
    this.#core.track(once)
    return once
  }
}
