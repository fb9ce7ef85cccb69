import type { z } from 'zod'
import type { AdapterRegistry } from '../adapter/adapter.js'
import type { Migrations } from '../store/migrate.js'
import type { PluginScope } from './scope.js'

/** What a plugin says about itself (NoneBot's `PluginMetadata`). */
export interface PluginMetadata<S extends z.ZodRawShape = z.ZodRawShape> {
  /** Unique id of the plugin. */
  readonly name: string
  readonly description?: string
  readonly usage?: string
  /** `application` (talks to users) or `library` (serves other plugins). */
  readonly type?: 'application' | 'library' | (string & {})
  readonly homepage?: string
  /** Config keys the plugin reads (lower-case keys, zod schemas); parsed and handed to `setup`. */
  readonly config?: S
  /** Adapter names (`onebot.v11`); events of other adapters never reach the plugin's matchers. */
  readonly supportedAdapters?: readonly string[]
  readonly extra?: Readonly<Record<string, unknown>>
  /** Database migrations (`ctx.db`), applied in name order before `setup` runs; one failing stops this plugin. */
  readonly migrations?: Migrations
}

export type PluginConfig<S extends z.ZodRawShape> = z.infer<z.ZodObject<S>>

/** A plugin as written: metadata plus `setup`, whose return value is what `ctx.require` hands to dependents. */
export interface PluginDefinition<S extends z.ZodRawShape = {}, R = AdapterRegistry, X = unknown>
  extends PluginMetadata<S> {
  setup(ctx: PluginScope<R>, config: PluginConfig<S>): X | Promise<X>
}

/** Any plugin, whatever its registry, config and exports: what loaders accept. */
export interface Plugin extends PluginMetadata {
  setup(ctx: never, config: never): unknown
}

/** The value a plugin's `setup` returns, as `ctx.require` gives it. */
export type PluginExports<P> = P extends { setup(...args: never[]): infer X } ? Awaited<X> : unknown

/**
 * Defines a plugin. Everything `setup` registers through `ctx` is undone when it is unloaded.
 * @example
 * export default definePlugin({
 *   name: 'ping',
 *   setup(ctx) {
 *     ctx.command('ping', (c) => c.send('pong'))
 *   },
 * })
 */
export function definePlugin<S extends z.ZodRawShape = {}, X = void>(
  plugin: PluginDefinition<S, AdapterRegistry, X>,
): PluginDefinition<S, AdapterRegistry, X> {
  return plugin
}

/**
 * `definePlugin` for another adapter registry than the global one: tests and libraries use it
 * to get narrowed types without declaration merging.
 */
export function pluginDefiner<R>() {
  return function definePluginFor<S extends z.ZodRawShape = {}, X = void>(
    plugin: PluginDefinition<S, R, X>,
  ): PluginDefinition<S, R, X> {
    return plugin
  }
}

export function isPlugin(value: unknown): value is Plugin {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { name?: unknown }).name === 'string' &&
    typeof (value as { setup?: unknown }).setup === 'function'
  )
}
