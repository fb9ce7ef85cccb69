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
  readonly disposers: (() => void)[]
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

  /** Ends waiting conversations so shutdown does not wait for them. */
  close(): void {
    this.dispatcher.close()
  }

  /** Resolves when no event is being handled (conversations waiting for a reply do not count). */
  async idle(): Promise<void> {
    await this.#multiBot?.settled()
    return this.dispatcher.idle()
  }

  /** Loads a plugin object. Never throws: a failure is logged and returned. Loading a loaded plugin again is a no-op. */
  async load(plugin: Plugin, source = 'object'): Promise<LoadResult> {
    if (!isPlugin(plugin)) return this.#fail(source, `${source} is not a plugin (expected { name, setup })`)
    const known = this.#entries.get(plugin.name)
    if (known) {
      if (known.plugin === plugin) return { ok: true, plugin: known }
      return this.#fail(
        plugin.name,
        `another plugin named "${plugin.name}" is already loaded (from ${known.source})`,
      )
    }
    if (this.#loading.has(plugin.name))
      return this.#fail(plugin.name, `plugin "${plugin.name}" requires itself (cycle)`)
    this.#loading.add(plugin.name)
    const disposers: (() => void)[] = []
    try {
      const config = plugin.config ? this.#app.config.section(checkSchema(plugin.name, plugin.config)) : {}
      const supported = plugin.supportedAdapters ? new Set(plugin.supportedAdapters) : undefined
      const scope = new PluginScope<unknown>(this.#host, plugin, {
        dispatcher: this.dispatcher,
        commands: this.commands,
        plugin: plugin.name,
        adapters: supported,
        disposers,
        track: (fn) => disposers.push(fn),
      })
      if (plugin.migrations) await this.#app.services.migrate(plugin.name, plugin.migrations)
      const setup = plugin.setup as (ctx: PluginScope<unknown>, config: unknown) => unknown
      const exports = await setup.call(plugin, scope, config)
      const entry: Entry = {
        name: plugin.name,
        metadata: plugin,
        plugin,
        exports,
        source,
        disposers,
        dependents: new Set(),
      }
      this.#entries.set(plugin.name, entry)
      this.#app.logger.info(`plugin ${plugin.name} loaded`)
      return { ok: true, plugin: entry }
    } catch (error) {
      runDisposers(disposers, (e) =>
        this.#app.logger.error({ err: e, plugin: plugin.name }, 'dispose failed'),
      )
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

  /** Unloads a plugin (and first every plugin that required it). Returns false when it was not loaded. */
  unload(plugin: string | Plugin): boolean {
    const name = typeof plugin === 'string' ? plugin : plugin.name
    const entry = this.#entries.get(name)
    if (!entry) return false
    for (const dependent of [...entry.dependents]) this.unload(dependent)
    this.#entries.delete(name)
    for (const other of this.#entries.values()) other.dependents.delete(name)
    runDisposers(entry.disposers, (e) => this.#app.logger.error({ err: e, plugin: name }, 'dispose failed'))
    this.#app.logger.info(`plugin ${name} unloaded`)
    return true
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
    let target: LoadedPlugin | undefined
    if (typeof plugin === 'string') {
      target = this.#entries.get(plugin)
      if (!target && builtinPlugins[plugin]) target = unwrap(await this.loadBuiltin(plugin))
      if (!target)
        throw new PluginLoadError(plugin, `plugin "${from}" requires "${plugin}", which is not loaded`)
    } else {
      target = unwrap(await this.load(plugin, `required by ${from}`))
    }
    this.#entries.get(target.name)?.dependents.add(from)
    return target.exports
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

function runDisposers(disposers: (() => void)[], onError: (error: unknown) => void): void {
  while (disposers.length > 0) {
    try {
      disposers.pop()!()
    } catch (error) {
      onError(error)
    }
  }
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
