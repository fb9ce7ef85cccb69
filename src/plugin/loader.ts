import { readdir, readFile, stat } from 'node:fs/promises'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { isPlugin, type Plugin } from './define-plugin.js'
import type { LoadResult, PluginManager } from './manager.js'

/** The `"nonebot"` section of package.json, as `nbts run` reads it. */
export interface PluginsSection {
  /** Built-in plugin names, e.g. `["echo"]`. */
  readonly builtinPlugins?: readonly string[]
  /** Package names or paths (relative to `cwd`). */
  readonly plugins?: readonly string[]
  /** Folders (relative to `cwd`) whose every plugin file and plugin folder is loaded. */
  readonly pluginDirs?: readonly string[]
}

const PLUGIN_FILE = /\.(ts|mts|js|mjs)$/
const NOT_A_PLUGIN = /(\.d\.ts|\.test\.[mc]?[tj]s|\.test-d\.ts|\.spec\.[mc]?[tj]s)$/
const INDEX_FILES = ['index.ts', 'index.mts', 'index.js', 'index.mjs']

/** The plugin a module exports: `default`, else `plugin`, else the only export that is a plugin. */
export function pluginFromModule(mod: Record<string, unknown>): Plugin | undefined {
  if (isPlugin(mod.default)) return mod.default
  // A TypeScript file compiled as CommonJS (no "type": "module" nearby) nests its exports once more.
  const nested = mod.default as Record<string, unknown> | undefined
  if (nested && typeof nested === 'object' && nested !== mod && !isPlugin(nested) && 'default' in nested) {
    return pluginFromModule(nested)
  }
  if (isPlugin(mod.plugin)) return mod.plugin
  const found = Object.values(mod).filter(isPlugin)
  return found.length === 1 ? found[0] : undefined
}

async function importPlugin(manager: PluginManager, file: string, source: string): Promise<LoadResult> {
  let mod: Record<string, unknown>
  try {
    mod = await importModule(file)
  } catch (error) {
    return manager.load(failing(source, error), source)
  }
  const plugin = pluginFromModule(mod)
  if (!plugin)
    return manager.load(
      failing(source, new Error(`${file} exports no plugin (use export default definePlugin(...))`)),
      source,
    )
  return manager.load(plugin, source)
}

/**
 * Imports a plugin module. TypeScript files load natively when the process already understands
 * them (under tsx or vitest). Otherwise (the built `nbts` on plain Node) tsx is registered for the
 * whole process before the first TypeScript plugin, so a bot without TypeScript plugins never pays
 * for the compiler. Not `tsImport`: it would give the plugin a second copy of the framework, and
 * `instanceof Message` would fail across the two.
 */
async function importModule(file: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href
  if (!TS_FILE.test(file)) return (await import(/* @vite-ignore */ url)) as Record<string, unknown>
  const lateRegistration = await ensureTypeScript()
  try {
    return (await import(/* @vite-ignore */ url)) as Record<string, unknown>
  } catch (error) {
    // ESM syntax in a CommonJS package ("type" is not "module"), compiled by a tsx registered only
    // now, trips Node's require(esm) cycle check; tsImport loads it (with its own framework copy).
    if (!lateRegistration || (error as { code?: unknown }).code !== 'ERR_REQUIRE_CYCLE_MODULE') throw error
    const { tsImport } = await import('tsx/esm/api')
    return (await tsImport(url, import.meta.url)) as Record<string, unknown>
  }
}

const TS_PROBE = new URL('../../bin/ts-probe.ts', import.meta.url).href
let typescriptReady: Promise<boolean> | undefined

/**
 * Makes sure TypeScript can be imported; resolves true when tsx had to be registered now. Probes
 * with a tiny TypeScript file, because Node would cache a failed import of the plugin itself.
 */
function ensureTypeScript(): Promise<boolean> {
  typescriptReady ??= import(/* @vite-ignore */ TS_PROBE).then(
    () => false,
    async (error: unknown) => {
      if ((error as { code?: unknown }).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error
      const { register } = await import('tsx/esm/api')
      register()
      return true
    },
  )
  return typescriptReady
}

const TS_FILE = /\.[mc]?ts$/

/** A stand-in whose setup throws, so every failure is reported the same way by `manager.load`. */
function failing(source: string, error: unknown): Plugin {
  return {
    name: source,
    setup() {
      throw error
    },
  }
}

export async function loadFile(manager: PluginManager, path: string): Promise<LoadResult> {
  const file = resolve(path)
  const info = await stat(file).catch(() => undefined)
  if (!info) return manager.load(failing(path, new Error(`no such file or folder: ${file}`)), path)
  if (info.isDirectory()) {
    const index = await findIndex(file)
    if (!index) return manager.load(failing(path, new Error(`folder ${file} has no index file`)), path)
    return importPlugin(manager, index, file)
  }
  return importPlugin(manager, file, file)
}

export async function loadDir(manager: PluginManager, dir: string): Promise<LoadResult[]> {
  const root = resolve(dir)
  let names: string[]
  try {
    names = (await readdir(root)).sort()
  } catch (error) {
    return [await manager.load(failing(dir, error), dir)]
  }
  const results: LoadResult[] = []
  for (const name of names) {
    if (name.startsWith('_') || name.startsWith('.')) continue
    const path = join(root, name)
    const info = await stat(path).catch(() => undefined)
    if (info?.isDirectory()) {
      if (await findIndex(path)) results.push(await loadFile(manager, path))
    } else if (PLUGIN_FILE.test(name) && !NOT_A_PLUGIN.test(name)) {
      results.push(await importPlugin(manager, path, path))
    }
  }
  return results
}

export async function loadPackage(manager: PluginManager, name: string, cwd: string): Promise<LoadResult> {
  try {
    return await importPlugin(manager, await resolvePackage(name, cwd), name)
  } catch (error) {
    return manager.load(failing(name, error), name)
  }
}

export function loadSpec(manager: PluginManager, spec: string, cwd: string): Promise<LoadResult> {
  const isPath = spec.startsWith('.') || isAbsolute(spec) || PLUGIN_FILE.test(spec)
  return isPath ? loadFile(manager, resolve(cwd, spec)) : loadPackage(manager, spec, cwd)
}

export async function loadPluginsFromSection(
  manager: PluginManager,
  section: PluginsSection,
  cwd: string,
): Promise<LoadResult[]> {
  const results: LoadResult[] = []
  for (const name of section.builtinPlugins ?? []) results.push(await manager.loadBuiltin(name))
  for (const spec of section.plugins ?? []) results.push(await loadSpec(manager, spec, cwd))
  for (const dir of section.pluginDirs ?? []) results.push(...(await loadDir(manager, resolve(cwd, dir))))
  return results
}

async function findIndex(dir: string): Promise<string | undefined> {
  for (const name of INDEX_FILES) {
    const path = join(dir, name)
    if (
      await stat(path).then(
        (s) => s.isFile(),
        () => false,
      )
    )
      return path
  }
  return undefined
}

/** Finds `node_modules/<name>` from `cwd` upwards and returns its ESM entry file. */
export async function resolvePackage(name: string, cwd: string): Promise<string> {
  let dir = resolve(cwd)
  for (;;) {
    const pkgDir = join(dir, 'node_modules', name)
    const raw = await readFile(join(pkgDir, 'package.json'), 'utf8').catch(() => undefined)
    if (raw !== undefined) {
      const pkg = JSON.parse(raw) as { exports?: unknown; module?: unknown; main?: unknown }
      const entry = exportTarget(pkg.exports) ?? str(pkg.module) ?? str(pkg.main) ?? 'index.js'
      return join(pkgDir, entry)
    }
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`cannot find package "${name}" from ${cwd} (is it installed?)`)
    dir = parent
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)

function exportTarget(exports: unknown): string | undefined {
  if (typeof exports === 'string') return exports
  if (typeof exports !== 'object' || exports === null) return undefined
  const map = exports as Record<string, unknown>
  if ('.' in map) return exportTarget(map['.'])
  for (const condition of ['import', 'node', 'default']) {
    const target = exportTarget(map[condition])
    if (target) return target
  }
  return undefined
}
