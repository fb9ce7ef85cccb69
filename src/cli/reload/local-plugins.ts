import { relative, sep } from 'node:path'
import type { App } from '../../app.js'
import type { Plugin } from '../../plugin/define-plugin.js'
import { pluginFromModule } from '../../plugin/loader.js'
import type { LoadedPlugin } from '../../plugin/manager.js'
import type { NonebotSection } from '../nonebot-section.js'
import { freshImport } from './fresh-import.js'
import { findPluginEntries, type PluginEntry } from './plugin-entries.js'

interface Known {
  readonly entry: PluginEntry
  /** The loaded plugin's name; undefined while the entry fails to load. */
  name: string | undefined
}

/**
 * The bot's own plugins (files and folders named in package.json) under `nbts run --reload`:
 * imported fresh each time, and reloaded one by one when their files change.
 *
 * A reload that fails (a syntax error, a missing export, a setup that throws) keeps the previous
 * version running, so that a half-typed edit does not take a working command away; the error is
 * logged and the next save tries again.
 */
export class LocalPlugins {
  readonly #app: App
  readonly #section: NonebotSection
  readonly #cwd: string
  readonly #known = new Map<string, Known>()

  constructor(app: App, section: NonebotSection, cwd: string) {
    this.#app = app
    this.#section = section
    this.#cwd = cwd
  }

  async loadAll(): Promise<void> {
    for (const entry of await findPluginEntries(this.#section, this.#cwd)) await this.#load(entry)
  }

  /**
   * Brings the plugins up to date after `changed` paths changed: removed plugin files are unloaded,
   * new ones loaded, changed ones reloaded. A changed file that belongs to no plugin (a shared
   * helper) reloads every local plugin, since any of them may import it.
   */
  async sync(changed: ReadonlySet<string>): Promise<void> {
    const current = await findPluginEntries(this.#section, this.#cwd)
    const currentPaths = new Set(current.map((entry) => entry.path))
    const removed = new Set<string>()
    for (const [path, known] of this.#known) {
      if (currentPaths.has(path)) continue
      removed.add(path)
      this.#known.delete(path)
      if (known.name) await this.#app.plugins.unload(known.name)
      this.#app.logger.info(`${this.#show(path)} is gone`)
    }
    const added = current.filter((entry) => !this.#known.has(entry.path))
    const affected = new Set<string>()
    let shared = false
    for (const path of changed) {
      const owner = current.find((e) => e.path === path || (e.isFolder && path.startsWith(e.path + sep)))
      if (owner) affected.add(owner.path)
      else if (!removed.has(path)) shared = true
    }
    for (const entry of added) await this.#load(entry)
    for (const entry of current) {
      if (added.includes(entry)) continue
      if (shared || affected.has(entry.path)) await this.#reload(entry)
    }
  }

  async #import(entry: PluginEntry): Promise<Plugin> {
    const plugin = pluginFromModule(await freshImport(entry.file))
    if (!plugin) throw new Error(`${entry.file} exports no plugin (use export default definePlugin(...))`)
    return plugin
  }

  async #load(entry: PluginEntry): Promise<void> {
    const known: Known = { entry, name: undefined }
    this.#known.set(entry.path, known)
    let plugin: Plugin
    try {
      plugin = await this.#import(entry)
    } catch (error) {
      // Reported the way the plugin loader reports it.
      await this.#app.plugins.load(failing(entry.path, error), entry.path)
      return
    }
    const result = await this.#app.plugins.load(plugin, entry.path)
    if (result.ok) known.name = plugin.name
  }

  async #reload(entry: PluginEntry): Promise<void> {
    const known = this.#known.get(entry.path)
    if (!known) return
    const oldName = known.name
    let plugin: Plugin
    try {
      plugin = await this.#import(entry)
    } catch (error) {
      const reason = oneLine(error)
      // The message names the file and line; the stack (the compiler's) only helps when debugging.
      this.#app.logger.debug({ err: error }, 'reload failure')
      this.#app.logger.error(
        oldName
          ? `reloading plugin ${oldName} failed: ${reason}; the previous version keeps running`
          : `${this.#show(entry.path)} still fails to load: ${reason}`,
      )
      return
    }
    const manager = this.#app.plugins
    const loaded = new Map<string, LoadedPlugin>()
    for (const info of manager.list()) loaded.set(info.name, manager.get(info.name)!)
    const previous = oldName ? loaded.get(oldName) : undefined
    if (oldName) await manager.unload(oldName)
    // Plugins that required this one were unloaded with it: they come back after it.
    const dependents = [...loaded.values()].filter((p) => p.name !== oldName && !manager.get(p.name))
    const result = await manager.load(plugin, entry.path)
    if (result.ok) {
      known.name = plugin.name
      this.#app.logger.info(`plugin ${plugin.name} reloaded from ${this.#show(entry.path)}`)
    } else if (previous) {
      await manager.load(previous.plugin, previous.source)
      this.#app.logger.warn(`plugin ${previous.name}: the previous version keeps running`)
    }
    for (const dependent of dependents) await manager.load(dependent.plugin, dependent.source)
  }

  #show(path: string): string {
    return relative(this.#cwd, path) || path
  }
}

/** A stand-in whose setup throws, so that an import failure is logged like any load failure. */
function failing(source: string, error: unknown): Plugin {
  return {
    name: source,
    setup() {
      throw error
    },
  }
}

/** tsx reports `Transform failed with 1 error:` on one line and the file:line: message on the next. */
function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ').trim()
}
