import { readFile, writeFile } from 'node:fs/promises'
import { z } from 'zod'
import type { App } from '../app.js'
import type { Plugin } from '../plugin/define-plugin.js'

/** One config field of a plugin, as the console's form shows it. */
export interface ConfigField {
  /** The .env key, upper-case. */
  readonly key: string
  readonly type: 'string' | 'number' | 'boolean' | 'enum' | 'json'
  readonly options?: readonly string[]
  readonly description?: string
  readonly optional: boolean
  readonly value: unknown
}

/** Keys whose values are secrets: shown masked, never sent to the browser. */
const SECRET = /token|secret|password|passwd|key$/i

/**
 * Plugins as the console steers them: enable and disable (unload, keeping the plugin to load it
 * again), reload, and config edits validated by the plugin's zod schema and written to `.env`.
 */
export class PluginControl {
  readonly #disabled = new Map<string, Plugin>()

  constructor(
    private readonly app: App,
    /** The bot's `.env`, where config edits are written; undefined: edits stay in memory. */
    private readonly envFile: string | undefined,
  ) {}

  list() {
    const loaded = this.app.plugins.list().map((info) => ({
      ...info,
      enabled: true,
      config: this.#fields(this.app.plugins.get(info.name)?.plugin),
    }))
    const disabled = [...this.#disabled.values()].map((plugin) => ({
      name: plugin.name,
      description: plugin.description,
      usage: plugin.usage,
      type: plugin.type,
      homepage: plugin.homepage,
      source: 'disabled in the console',
      hasConfig: plugin.config !== undefined,
      matchers: [],
      enabled: false,
      config: this.#fields(plugin),
    }))
    return [...loaded, ...disabled].sort((a, b) => a.name.localeCompare(b.name))
  }

  async disable(name: string): Promise<string | undefined> {
    const loaded = this.app.plugins.get(name)
    if (!loaded) return `no plugin "${name}" is loaded`
    await this.app.plugins.unload(name)
    this.#disabled.set(name, loaded.plugin)
    this.app.logger.info(`plugin ${name} disabled in the console`)
    return undefined
  }

  async enable(name: string): Promise<string | undefined> {
    const plugin = this.#disabled.get(name)
    if (!plugin) return this.app.plugins.get(name) ? undefined : `no plugin "${name}" to enable`
    const result = await this.app.plugins.load(plugin, 'console')
    if (!result.ok) return result.error.message
    this.#disabled.delete(name)
    return undefined
  }

  /** Unloads and loads the plugin again (its setup runs with the current config). */
  async reload(name: string): Promise<string | undefined> {
    const loaded = this.app.plugins.get(name)
    if (!loaded) return `no plugin "${name}" is loaded`
    await this.app.plugins.unload(name)
    const result = await this.app.plugins.load(loaded.plugin, loaded.source)
    return result.ok ? undefined : result.error.message
  }

  /**
   * Validates `values` (keys as in the form) with the plugin's schema; on success applies them,
   * writes them to `.env` and reloads the plugin. Returns the errors by key otherwise.
   */
  async configure(
    name: string,
    values: Record<string, unknown>,
  ): Promise<Record<string, string> | undefined> {
    const plugin = this.app.plugins.get(name)?.plugin ?? this.#disabled.get(name)
    if (!plugin?.config) return { '': `plugin "${name}" has no config` }
    const shape = plugin.config
    const input: Record<string, unknown> = {}
    for (const key of Object.keys(shape)) input[key] = this.app.config.get(key)
    for (const [key, value] of Object.entries(values)) {
      const lower = key.toLowerCase()
      if (!Object.hasOwn(shape, lower)) return { [key]: 'not a config key of this plugin' }
      input[lower] = value === '' ? undefined : value
    }
    const parsed = z.object(shape).safeParse(input)
    if (!parsed.success) {
      const errors: Record<string, string> = {}
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? '').toUpperCase()
        errors[key] ??= shape[String(issue.path[0])]?.description ?? issue.message
      }
      return errors
    }
    for (const [key, value] of Object.entries(values)) {
      const lower = key.toLowerCase()
      this.app.config.set(lower, input[lower])
      if (this.envFile) await writeEnvKey(this.envFile, lower.toUpperCase(), value)
    }
    this.app.logger.info(
      `plugin ${name}: config ${Object.keys(values)
        .map((k) => k.toUpperCase())
        .join(', ')} changed in the console`,
    )
    if (this.app.plugins.get(name)) await this.reload(name)
    return undefined
  }

  #fields(plugin: Plugin | undefined): ConfigField[] {
    if (!plugin?.config) return []
    return Object.entries(plugin.config).map(([key, schema]) => {
      const { type, options, optional } = describe(schema)
      // Unset keys show the schema's default, which is what the plugin runs with.
      const set = this.app.config.get(key)
      const fallback = set === undefined ? schema.safeParse(undefined) : undefined
      const value = set ?? (fallback?.success ? fallback.data : undefined)
      const secret = SECRET.test(key)
      return {
        key: key.toUpperCase(),
        type,
        ...(options ? { options } : {}),
        ...(schema.description ? { description: schema.description } : {}),
        optional,
        value: secret && value !== undefined ? '••••••' : value,
      }
    })
  }
}

/** The form control for a zod schema, looking through defaults, optionals and effects. */
function describe(schema: z.ZodTypeAny): {
  type: ConfigField['type']
  options?: string[]
  optional: boolean
} {
  let inner: z.ZodTypeAny = schema
  let optional = false
  for (;;) {
    if (inner instanceof z.ZodDefault || inner instanceof z.ZodOptional || inner instanceof z.ZodNullable) {
      optional = true
      inner = inner instanceof z.ZodDefault ? inner._def.innerType : inner.unwrap()
    } else if (inner instanceof z.ZodEffects) inner = inner.innerType()
    else break
  }
  if (inner instanceof z.ZodString) return { type: 'string', optional }
  if (inner instanceof z.ZodNumber) return { type: 'number', optional }
  if (inner instanceof z.ZodBoolean) return { type: 'boolean', optional }
  if (inner instanceof z.ZodEnum) return { type: 'enum', options: [...inner.options], optional }
  return { type: 'json', optional }
}

/** Sets `KEY=value` in a .env file: replaces the key's line, or appends one. */
export async function writeEnvKey(file: string, key: string, value: unknown): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => '')
  const line = `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`
  const pattern = new RegExp(`^\\s*(export\\s+)?${key}\\s*=.*$`, 'im')
  const next = pattern.test(text)
    ? text.replace(pattern, line)
    : `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${line}\n`
  await writeFile(file, next)
}
