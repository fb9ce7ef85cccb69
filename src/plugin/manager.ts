import { z } from 'zod'
import type { IncomingEvent } from '../adapter/event.js'
import type { App, EventHandler } from '../app.js'
import { CommandCenter } from '../commands/center.js'
import { ConfigError, PluginLoadError } from '../errors.js'
import { Dispatcher } from '../matcher/dispatcher.js'
import type { MatcherInfo } from '../matcher/types.js'
import { builtinPlugins } from '../plugins/index.js'
import { installMultiBot, type MultiBot } from '../reach/multi-bot.js'
import { isPlugin, type Plugin, type PluginMetadata } from './define-plugin.js'
import { PluginLifecycle } from './lifecycle.js'
import {
  loadDir,
  loadFile,
  loadPackage,
  loadPluginsFromSection,
  loadSpec,
  type PluginsSection,
} from './loader.js'
import { PluginScope, type ScopeHost } from './scope.js'

/** A plugin that is loaded. */
export interface LoadedPlugin {
  readonly name: string
  readonly metadata: PluginMetadata
  readonly plugin: Plugin
  /** What `setup` returned. */
  readonly exports: unknown
  /** Where it came from: a file path, a package name, `builtin:echo`, or `object`. */
  readonly source: string
}

export type LoadResult =
  | { readonly ok: true; readonly plugin: LoadedPlugin }
  | { readonly ok: false; readonly spec: string; readonly error: PluginLoadError }

/** A loaded plugin as listings show it. */
export interface PluginInfo extends Omit<PluginMetadata, 'config'> {
  readonly source: string
  readonly hasConfig: boolean
  readonly matchers: MatcherInfo[]
}

interface Entry extends LoadedPlugin {
  readonly lifecycle: PluginLifecycle
  readonly dependents: Set<string>
}

/**
 * Loads, unloads and lists plugins, and hands every event to their matchers. The app creates one
 * (`app.plugins`) and registers it as an event handler.
 */
export class PluginManager implements EventHandler {
  readonly #app: App
  readonly #entries = new Map<string, Entry>()
  readonly #loading = new Set<string>()
  /** Loading plugins and the plugins their setup waits for (`ctx.require`): finds true cycles. */
  readonly #awaits = new Map<string, Set<string>>()
  /** Per plugin name, the tail of its load/unload transitions: one at a time, in call order. */
  readonly #transitions = new Map<string, Promise<unknown>>()
  readonly dispatcher: Dispatcher
  /** Commands across plugins: help listing, switches, "did you mean", the counters' store. */
  readonly commands: CommandCenter
  readonly #host: ScopeHost
  readonly #multiBot: MultiBot | undefined

  constructor(app: App) {
    this.#app = app
    this.dispatcher = new Dispatcher({
      logger: app.logger,
      superusers: app.core.superusers,
      commandStart: app.core.commandStart,
      commandSep: app.core.commandSep,
      sessionTimeoutMs: app.core.sessionExpireTimeoutMs,
      handlerTimeoutMs: app.core.handlerTimeoutMs,
      maxHandlersPerBot: app.core.maxHandlersPerBot,
    })
    this.commands = new CommandCenter(
      this.dispatcher,
      app.config,
      app.core.commandStart,
      app.core.commandSep,
      () => app.services.kv('commands'),
    )
    this.#host = { app, require: (from, plugin) => this.#require(from, plugin) }
    this.#multiBot = installMultiBot(app, this.dispatcher)
  }

  handle(event: IncomingEvent): Promise<void> {
    return this.dispatcher.handle(event)
  }

  /** Shutdown: ends waiting conversations (their prompts reject with `CancelledError`); running handlers may finish. */
  close(): void {
    this.dispatcher.close('shutdown')
  }

  /** Resolves when every running handler has ended. */
  async settled(): Promise<void> {
    await Promise.all(this.dispatcher.runs.of(undefined).map((run) => run.whenDone()))
  }

  /** Shutdown's grace period is over: cancels what still runs and describes it for the log. */
  abandon(): string[] {
    return this.dispatcher.runs.abandon(undefined, 'shutdown')
  }

  /** Resolves when no event is being handled (conversations waiting for a reply do not count). */
  async idle(): Promise<void> {
    await this.#multiBot?.settled()
    return this.dispatcher.idle()
  }

  /**
   * Loads a plugin object. Never throws: a failure is logged and returned. Loading a loaded plugin
   * again is a no-op. Loads and unloads of one plugin name run one at a time, in call order.
   */
  load(plugin: Plugin, source = 'object'): Promise<LoadResult> {
    if (!isPlugin(plugin))
      return Promise.resolve(this.#fail(source, `${source} is not a plugin (expected { name, setup })`))
    return this.#serial(plugin.name, () => this.#load(plugin, source))
  }

  async #load(plugin: Plugin, source: string): Promise<LoadResult> {
    const known = this.#entries.get(plugin.name)
    if (known) {
      if (known.plugin === plugin) return { ok: true, plugin: known }
      return this.#fail(
        plugin.name,
        `another plugin named "${plugin.name}" is already loaded (from ${known.source})`,
      )
    }
    this.#loading.add(plugin.name)
    const supported = plugin.supportedAdapters ? new Set(plugin.supportedAdapters) : undefined
    const lifecycle = new PluginLifecycle(this.dispatcher, this.commands, plugin.name, supported)
    try {
      const config = plugin.config ? this.#app.config.section(checkSchema(plugin.name, plugin.config)) : {}
      const scope = new PluginScope<unknown>(this.#host, plugin, lifecycle)
      if (plugin.migrations) await this.#app.services.migrate(plugin.name, plugin.migrations)
      const setup = plugin.setup as (ctx: PluginScope<unknown>, config: unknown) => unknown
      const exports = await setup.call(plugin, scope, config)
      const entry: Entry = {
        name: plugin.name,
        metadata: plugin,
        plugin,
        exports,
        source,
        lifecycle,
        dependents: new Set(),
      }
      lifecycle.status = 'active'
      this.#entries.set(plugin.name, entry)
      this.#app.logger.info(`plugin ${plugin.name} loaded`)
      return { ok: true, plugin: entry }
    } catch (error) {
      lifecycle.dispose(this.#app.logger)
      return this.#fail(
        plugin.name,
        `plugin "${plugin.name}" failed to load: ${(error as Error)?.message ?? error}`,
        error,
      )
    } finally {
      this.#loading.delete(plugin.name)
    }
  }

  /** Loads a built-in plugin by name (`echo`). */
  loadBuiltin(name: string): Promise<LoadResult> {
    const plugin = builtinPlugins[name]
    if (!plugin) {
      return Promise.resolve(
        this.#fail(name, `no built-in plugin "${name}" (have: ${Object.keys(builtinPlugins).join(', ')})`),
      )
    }
    return this.load(plugin, `builtin:${name}`)
  }

  /** Loads a plugin file (`.ts`/`.js`, imported; its default export or `plugin` export). */
  loadFile(path: string): Promise<LoadResult> {
    return loadFile(this, path)
  }

  /** Loads every plugin file and plugin folder (with an index file) in `dir`; names starting with `_` are skipped. */
  loadDir(dir: string): Promise<LoadResult[]> {
    return loadDir(this, dir)
  }

  /** Loads an npm package's plugin, resolved from `cwd`. */
  loadPackage(name: string, cwd: string): Promise<LoadResult> {
    return loadPackage(this, name, cwd)
  }

  /** A path (`./src/plugins/foo.ts`, a folder with an index) or else a package name, resolved from `cwd`. */
  loadSpec(spec: string, cwd: string): Promise<LoadResult> {
    return loadSpec(this, spec, cwd)
  }

  /** What `nbts run` does with package.json's `"nonebot"` section: builtins, then plugins, then plugin dirs. */
  loadFromSection(section: PluginsSection, cwd: string): Promise<LoadResult[]> {
    return loadPluginsFromSection(this, section, cwd)
  }

  /**
   * Unloads a plugin (and first every plugin that required it). At once: nothing more registers
   * through its scope, its matchers, hooks, routes and timers are gone, and its waiting
   * conversations are cancelled (`CancelledError` with reason `unload`). Then its running handlers
   * get up to the grace period to end; those still running are cancelled (`c.signal` aborts) and
   * logged. Resolves false when it was not loaded.
   */
  unload(plugin: string | Plugin): Promise<boolean> {
    const name = typeof plugin === 'string' ? plugin : plugin.name
    return this.#serial(name, () => this.#unload(name))
  }

  async #unload(name: string): Promise<boolean> {
    if (!this.#entries.has(name)) return false
    const retired = this.#retire(name, [])
    const grace = this.#app.shutdownGraceMs
    await Promise.all(
      retired.map(async (gone) => {
        const left = await this.dispatcher.runs.drain(gone, grace, 'unload')
        if (left.length > 0) {
          this.#app.logger.warn(
            { plugin: gone },
            `plugin ${gone} unloaded with ${left.length} handler(s) still running after ${grace} ms, now cancelled: ${left.join(', ')}`,
          )
        }
        this.#app.logger.info(`plugin ${gone} unloaded`)
      }),
    )
    return true
  }

  /** Disposes `name` after its dependents, synchronously; returns the names retired, dependents first. */
  #retire(name: string, retired: string[]): string[] {
    const entry = this.#entries.get(name)
    if (!entry) return retired
    for (const dependent of [...entry.dependents]) this.#retire(dependent, retired)
    this.#entries.delete(name)
    for (const other of this.#entries.values()) other.dependents.delete(name)
    entry.lifecycle.dispose(this.#app.logger)
    this.dispatcher.close('unload', name)
    retired.push(name)
    return retired
  }

  /**
   * Runs `step` after the transitions of `name` queued before it. With none queued it starts at
   * once, so an unload's immediate effects (registrations undone, conversations cancelled) happen
   * before `unload()` returns, even for a caller that does not await it.
   */
  #serial<T>(name: string, step: () => Promise<T>): Promise<T> {
    const previous = this.#transitions.get(name)
    let release!: () => void
    const done = new Promise<void>((resolve) => {
      release = resolve
    })
    this.#transitions.set(name, done)
    const result = previous ? previous.then(step) : step()
    void result.then(release, release)
    void done.then(() => {
      if (this.#transitions.get(name) === done) this.#transitions.delete(name)
    })
    return result
  }

  get(name: string): LoadedPlugin | undefined {
    return this.#entries.get(name)
  }

  /** Loaded plugins with their metadata and live matchers. */
  list(): PluginInfo[] {
    const matchers = this.dispatcher.list()
    return [...this.#entries.values()].map(({ metadata, source }) => {
      const { config, ...rest } = metadata
      return {
        ...rest,
        source,
        hasConfig: config !== undefined,
        matchers: matchers.filter((m) => m.plugin === metadata.name),
      }
    })
  }

  async #require(from: string, plugin: Plugin | string): Promise<unknown> {
    const name = typeof plugin === 'string' ? plugin : plugin.name
    let target: LoadedPlugin | undefined = this.#entries.get(name)
    if (!target || (typeof plugin !== 'string' && target.plugin !== plugin)) {
      if (this.#waitsFor(name, from)) {
        throw new PluginLoadError(
          name,
          `plugin "${from}" requires "${name}", which requires "${from}" (cycle)`,
        )
      }
      const waits = this.#awaits.get(from) ?? new Set<string>()
      this.#awaits.set(from, waits.add(name))
      try {
        if (typeof plugin !== 'string') target = unwrap(await this.load(plugin, `required by ${from}`))
        else if (builtinPlugins[plugin]) target = unwrap(await this.loadBuiltin(plugin))
        else if (this.#loading.has(plugin)) await this.#transitions.get(plugin)
        target ??= this.#entries.get(name)
      } finally {
        waits.delete(name)
        if (waits.size === 0) this.#awaits.delete(from)
      }
      if (!target) throw new PluginLoadError(name, `plugin "${from}" requires "${name}", which is not loaded`)
    }
    this.#entries.get(target.name)?.dependents.add(from)
    return target.exports
  }

  /** Whether loading `name` (transitively, through the requires it waits for) waits for `from`. */
  #waitsFor(name: string, from: string, seen = new Set<string>()): boolean {
    if (name === from) return true
    if (seen.has(name)) return false
    seen.add(name)
    for (const next of this.#awaits.get(name) ?? []) if (this.#waitsFor(next, from, seen)) return true
    return false
  }

  #fail(spec: string, message: string, cause?: unknown): LoadResult {
    const error = new PluginLoadError(spec, message, { cause })
    // A wrong config value is the user's to fix: one line, no stack (as for core keys).
    if (cause instanceof ConfigError) this.#app.logger.error({ plugin: spec }, message)
    else this.#app.logger.error({ err: cause ?? error, plugin: spec }, message)
    return { ok: false, spec, error }
  }
}

function unwrap(result: LoadResult): LoadedPlugin {
  if (!result.ok) throw result.error
  return result.plugin
}

/**
 * Config schemas must come from the zod nonebot-ts uses (`import { z } from 'nonebot-ts'`): a
 * schema of another zod copy or major fails inside zod with a message nobody can act on.
 */
function checkSchema<S extends z.ZodRawShape>(plugin: string, shape: S): S {
  for (const [key, schema] of Object.entries(shape)) {
    if (!(schema instanceof z.ZodType)) {
      throw new TypeError(
        `config key ${key} of plugin "${plugin}" is not a schema of nonebot-ts's zod (another zod copy or major?); build it with import { z } from 'nonebot-ts'`,
      )
    }
  }
  return shape
}
