import { readdir, stat } from 'node:fs/promises'
import { isAbsolute, join, resolve } from 'node:path'
import type { NonebotSection } from '../nonebot-section.js'

// The same rules as the plugin loader (src/plugin/loader.ts), which `nbts run` uses without --reload.
const PLUGIN_FILE = /\.(ts|mts|js|mjs)$/
const NOT_A_PLUGIN = /(\.d\.ts|\.test\.[mc]?[tj]s|\.test-d\.ts|\.spec\.[mc]?[tj]s)$/
const INDEX_FILES = ['index.ts', 'index.mts', 'index.js', 'index.mjs']

/** A plugin that lives in the bot's own files: a file, or a folder with an index file. */
export interface PluginEntry {
  /** The file or folder, as the plugin's `source`. */
  readonly path: string
  /** The file to import. */
  readonly file: string
  readonly isFolder: boolean
}

/** Whether a `plugins` spec names a path (else it is an npm package). */
export function isPathSpec(spec: string): boolean {
  return spec.startsWith('.') || isAbsolute(spec) || PLUGIN_FILE.test(spec)
}

/** Where the section's local plugins live: the directories and the single files or folders. */
export function localPluginRoots(section: NonebotSection, cwd: string): { dirs: string[]; paths: string[] } {
  return {
    dirs: section.pluginDirs.map((dir) => resolve(cwd, dir)),
    paths: section.plugins.filter(isPathSpec).map((spec) => resolve(cwd, spec)),
  }
}

/** Every local plugin the section names, in loading order (`plugins` paths, then each plugin dir). */
export async function findPluginEntries(section: NonebotSection, cwd: string): Promise<PluginEntry[]> {
  const { dirs, paths } = localPluginRoots(section, cwd)
  const entries: PluginEntry[] = []
  for (const path of paths) {
    const entry = await entryAt(path)
    // A missing path is still an entry: loading it reports the error, and creating it later loads it.
    entries.push(entry ?? { path, file: path, isFolder: false })
  }
  for (const dir of dirs) {
    const names = await readdir(dir).catch(() => [] as string[])
    for (const name of names.sort()) {
      if (name.startsWith('_') || name.startsWith('.')) continue
      const entry = await entryAt(join(dir, name))
      if (entry && (entry.isFolder || (PLUGIN_FILE.test(name) && !NOT_A_PLUGIN.test(name))))
        entries.push(entry)
    }
  }
  return entries
}

async function entryAt(path: string): Promise<PluginEntry | undefined> {
  const info = await stat(path).catch(() => undefined)
  if (!info) return undefined
  if (!info.isDirectory()) return { path, file: path, isFolder: false }
  for (const name of INDEX_FILES) {
    const file = join(path, name)
    if (
      await stat(file).then(
        (s) => s.isFile(),
        () => false,
      )
    )
      return { path, file, isFolder: true }
  }
  return undefined
}
