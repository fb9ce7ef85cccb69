import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { ConfigError } from '../errors.js'

/** Adapters a bot gets when its package.json does not name any. */
export const DEFAULT_ADAPTERS: readonly string[] = ['onebot.v11', 'onebot.v12']

/** The `"nonebot"` section of a bot's package.json, with defaults applied. */
export interface NonebotSection {
  /** Adapter names, e.g. `onebot.v11`. */
  readonly adapters: readonly string[]
  /** Whether `adapters` was written in package.json (false: the defaults). */
  readonly adaptersExplicit: boolean
  /** Built-in plugin names, e.g. `echo`. */
  readonly builtinPlugins: readonly string[]
  /** npm package names or paths relative to the bot directory (`./src/plugins/foo.ts`). */
  readonly plugins: readonly string[]
  /** Directories (relative to the bot directory) whose every plugin is loaded. */
  readonly pluginDirs: readonly string[]
  /** The package.json read, or undefined when the directory has none. */
  readonly source: string | undefined
}

const names = (what: string, plural = `${what}s`) =>
  z.array(z.string({ message: `a ${what} (a string)` }).min(1, `a non-empty ${what}`), {
    message: `a list of ${plural}`,
  })

// NoneBot's pyproject spelling (builtin_plugins, plugin_dirs) is accepted too.
const sectionSchema = z
  .object({
    adapters: names('adapter name').optional(),
    builtinPlugins: names('built-in plugin name').optional(),
    builtin_plugins: names('built-in plugin name').optional(),
    plugins: names('plugin name or path', 'plugin names or paths').optional(),
    pluginDirs: names('directory').optional(),
    plugin_dirs: names('directory').optional(),
  })
  .strict()

const FIELDS = 'adapters, builtinPlugins, plugins, pluginDirs'

/**
 * Reads and validates the `"nonebot"` section of `<cwd>/package.json`. A missing file or section
 * gives the defaults; a wrong one throws `ConfigError` naming the field.
 */
export async function readNonebotSection(cwd: string): Promise<NonebotSection> {
  const path = join(cwd, 'package.json')
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return parseNonebotSection(undefined, undefined)
    throw error
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new ConfigError('package.json', path, `valid JSON (${(error as Error).message})`)
  }
  const section =
    typeof json === 'object' && json !== null ? (json as Record<string, unknown>).nonebot : undefined
  return parseNonebotSection(section, path)
}

/** Validates a `"nonebot"` section value (undefined means absent). */
export function parseNonebotSection(section: unknown, source: string | undefined): NonebotSection {
  const where = source ? ` (in ${source})` : ''
  if (section === undefined) {
    return {
      adapters: DEFAULT_ADAPTERS,
      adaptersExplicit: false,
      builtinPlugins: [],
      plugins: [],
      pluginDirs: [],
      source,
    }
  }
  if (typeof section !== 'object' || section === null || Array.isArray(section)) {
    throw new ConfigError('nonebot', section, `an object with the fields ${FIELDS}${where}`)
  }
  const parsed = sectionSchema.safeParse(section)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0]!
      const value = (section as Record<string, unknown>)[key]
      throw new ConfigError(`nonebot.${key}`, value, `no such field; the fields are ${FIELDS}${where}`)
    }
    const field = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')
    throw new ConfigError(`nonebot${field}`, valueAt(section, issue.path), `${issue.message}${where}`)
  }
  const data = parsed.data
  return {
    adapters: data.adapters ?? DEFAULT_ADAPTERS,
    adaptersExplicit: data.adapters !== undefined,
    builtinPlugins: [...(data.builtinPlugins ?? []), ...(data.builtin_plugins ?? [])],
    plugins: data.plugins ?? [],
    pluginDirs: [...(data.pluginDirs ?? []), ...(data.plugin_dirs ?? [])],
    source,
  }
}

function valueAt(root: unknown, path: ReadonlyArray<string | number>): unknown {
  let value = root
  for (const key of path) value = (value as Record<string | number, unknown> | undefined)?.[key]
  return value
}
