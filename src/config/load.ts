import { join } from 'node:path'
import { ConfigError } from '../errors.js'
import { readEnvFile } from './env-file.js'
import { ConfigStore } from './store.js'
import { decodeValue, deepMerge, explodeNestedKeys, forbiddenKey, type PlainObject } from './values.js'

export interface LoadConfigOptions {
  /** Directory holding `.env` and `.env.{ENVIRONMENT}`. @default process.cwd() */
  readonly cwd?: string
  /** Process environment variables. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** Values that win over every other source (NoneBot's `init(**kwargs)`); dicts merge deeply. */
  readonly overrides?: Readonly<Record<string, unknown>>
  /** Values that lose to every other source. */
  readonly defaults?: Readonly<Record<string, unknown>>
}

const ENVIRONMENT_NAME = /^[\w.-]+$/

/**
 * Loads configuration the way NoneBot does. Sources, lowest to highest: `defaults`, `.env`,
 * `.env.{ENVIRONMENT}`, process environment variables, `overrides`. Keys are case-insensitive;
 * values that parse as JSON are JSON, others strings; a bare `KEY` line is `null`; `A__B=1` merges
 * into the dict `A`. Unknown keys are kept.
 *
 * @example
 * const config = await loadConfig({ cwd: botDir })
 * config.get('superusers') // ['123456']
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<ConfigStore> {
  const cwd = options.cwd ?? process.cwd()
  const processEnv = lowerEnv(options.env ?? process.env)
  const overrides = lowerKeys(options.overrides ?? {})

  const base = await readEnvFile(join(cwd, '.env'))
  const environment = chooseEnvironment(
    overrides.environment,
    processEnv.get('environment'),
    base.get('environment'),
  )
  const specific = await readEnvFile(join(cwd, `.env.${environment}`))

  const flat = new Map<string, unknown>()
  for (const layer of [base, specific, processEnv]) {
    for (const [key, raw] of layer) {
      const value = decodeValue(raw)
      const forbidden = forbiddenKey(key, value)
      if (forbidden !== undefined) {
        throw new ConfigError(
          key.toUpperCase(),
          raw,
          `a key and value without ${JSON.stringify(forbidden)} (it would reach JavaScript's object prototype)`,
        )
      }
      flat.set(key, value)
    }
  }
  flat.set('environment', environment)

  let values = explodeNestedKeys(flat)
  if (options.defaults) values = deepMerge(lowerKeys(options.defaults), values)
  values = deepMerge(values, overrides)
  return new ConfigStore(values)
}

/** ENVIRONMENT picks `.env.{ENVIRONMENT}`: from overrides, the process environment, then `.env`. */
function chooseEnvironment(...candidates: unknown[]): string {
  const found = candidates.find((value) => value !== undefined)
  if (found === undefined) return 'prod'
  const name = typeof found === 'string' ? found.trim() : found
  if (typeof name !== 'string' || !ENVIRONMENT_NAME.test(name)) {
    throw new ConfigError(
      'ENVIRONMENT',
      found,
      'a name such as prod or dev (letters, digits, _ . -) selecting .env.{name}',
    )
  }
  return name
}

function lowerEnv(env: Readonly<Record<string, string | undefined>>): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out.set(key.toLowerCase(), value)
  return out
}

function lowerKeys(record: Readonly<Record<string, unknown>>): PlainObject {
  const out: PlainObject = {}
  for (const [key, value] of Object.entries(record)) out[key.toLowerCase()] = value
  return out
}
