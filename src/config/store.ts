import { z } from 'zod'
import { ConfigError } from '../errors.js'

/**
 * Configuration as NoneBot reads it: case-insensitive keys, values already JSON-decoded where they
 * parse as JSON. Adapters and plugins read typed sections from it.
 */
export class ConfigStore {
  readonly #values: Map<string, unknown>

  constructor(values: Readonly<Record<string, unknown>> = {}) {
    this.#values = new Map(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v]))
  }

  get(key: string): unknown {
    return this.#values.get(key.toLowerCase())
  }

  has(key: string): boolean {
    return this.#values.has(key.toLowerCase())
  }

  /** Sets one key at run time (the console's config editor); readers see it on their next read. */
  set(key: string, value: unknown): void {
    this.#values.set(key.toLowerCase(), value)
  }

  /** Every key (lower-cased) and value, unknown keys included. */
  entries(): Record<string, unknown> {
    return Object.fromEntries(this.#values)
  }

  /** A copy with `overrides` applied on top. */
  with(overrides: Readonly<Record<string, unknown>>): ConfigStore {
    return new ConfigStore({ ...this.entries(), ...lowerKeys(overrides) })
  }

  /**
   * Reads a typed section. The schema's keys are lower-case config keys (`onebot_access_token`).
   * `aliases` maps a key to other keys that win over it when set (`onebot_v11_access_token`).
   * A wrong value throws `ConfigError` naming the key, the value and what was expected.
   */
  section<S extends z.ZodRawShape>(
    shape: S,
    options: { aliases?: Partial<Record<keyof S & string, readonly string[]>> } = {},
  ): z.infer<z.ZodObject<S>> {
    const input: Record<string, unknown> = {}
    const source: Record<string, string> = {}
    for (const key of Object.keys(shape)) {
      source[key] = key
      if (this.#values.has(key)) input[key] = this.#values.get(key)
      for (const alias of options.aliases?.[key] ?? []) {
        const lower = alias.toLowerCase()
        if (this.#values.has(lower)) {
          input[key] = this.#values.get(lower)
          source[key] = lower
        }
      }
    }
    const parsed = z.object(shape).safeParse(input)
    if (parsed.success) return parsed.data
    const issue = parsed.error.issues[0]!
    const key = String(issue.path[0] ?? '')
    const name = (source[key] ?? key).toUpperCase()
    throw new ConfigError(name, input[key], describeExpected(shape[key], issue))
  }
}

/** The schema's `.describe()` text is the best explanation; fall back to zod's message. */
function describeExpected(schema: z.ZodTypeAny | undefined, issue: z.ZodIssue): string {
  return schema?.description ?? issue.message
}

function lowerKeys(record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k.toLowerCase(), v]))
}
