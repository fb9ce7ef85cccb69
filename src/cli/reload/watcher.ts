import { type FSWatcher, watch } from 'node:fs'
import { basename, dirname, join, sep } from 'node:path'

export interface WatchTargets {
  /** The bot directory: `.env*` and package.json changes there restart the bot. */
  readonly botDir: string
  /** Plugin directories, watched with everything below them. */
  readonly dirs: readonly string[]
  /** Plugin files or folders named one by one. */
  readonly paths: readonly string[]
}

export interface ChangeBatch {
  /** `.env*` or package.json changed. */
  readonly restart: boolean
  /** Changed code files (absolute paths). */
  readonly code: ReadonlySet<string>
}

export interface WatchOptions {
  /** Quiet time after the last change before the batch is handed over. @default 100 */
  readonly debounceMs?: number
  /** A directory that cannot be watched (it does not exist ...). */
  readonly onWatchError?: (path: string, error: Error) => void
}

const CONFIG_FILE = /^(\.env(\..+)?|package\.json)$/
const CODE_FILE = /\.(ts|mts|cts|js|mjs|cjs|json)$/

/**
 * Watches the bot's configuration and plugin files and reports changes in debounced batches
 * (editors write a file in several steps; one save gives one batch). Editor backups and swap files
 * (`.x.swp`, `x~`) and node_modules are ignored. Returns a function that stops watching.
 */
export function watchBot(
  targets: WatchTargets,
  onChange: (batch: ChangeBatch) => void,
  options: WatchOptions = {},
): () => void {
  const debounceMs = options.debounceMs ?? 100
  const watchers: FSWatcher[] = []
  let restart = false
  let code = new Set<string>()
  let timer: NodeJS.Timeout | undefined

  const flush = () => {
    timer = undefined
    const batch = { restart, code }
    restart = false
    code = new Set()
    onChange(batch)
  }
  const note = (path: string, isConfig: boolean) => {
    if (isConfig) restart = true
    else code.add(path)
    clearTimeout(timer)
    timer = setTimeout(flush, debounceMs)
  }
  const isCode = (path: string) =>
    CODE_FILE.test(path) && !basename(path).startsWith('.') && !path.split(sep).includes('node_modules')

  const add = (path: string, recursive: boolean, listener: (name: string) => void) => {
    try {
      const watcher = watch(path, { recursive }, (_event, name) => {
        if (name) listener(name.toString())
      })
      watcher.on('error', (error) => options.onWatchError?.(path, error))
      watchers.push(watcher)
    } catch (error) {
      options.onWatchError?.(path, error as Error)
    }
  }

  // The bot directory itself: its config files, and the single plugin files that live there.
  const singles = new Map<string, Set<string>>()
  for (const path of targets.paths) {
    const parent = dirname(path)
    if (!singles.has(parent)) singles.set(parent, new Set())
    singles.get(parent)!.add(basename(path))
  }
  add(targets.botDir, false, (name) => {
    if (CONFIG_FILE.test(name)) note(join(targets.botDir, name), true)
    else if (singles.get(targets.botDir)?.has(name) && isCode(name)) note(join(targets.botDir, name), false)
  })
  for (const [parent, names] of singles) {
    if (parent === targets.botDir) continue
    add(parent, false, (name) => {
      if (names.has(name) && isCode(name)) note(join(parent, name), false)
    })
  }
  // Plugin directories and plugin folders: every code file below them.
  for (const dir of [...targets.dirs, ...targets.paths.filter((p) => !CODE_FILE.test(p))]) {
    add(dir, true, (name) => {
      const path = join(dir, name)
      if (isCode(path)) note(path, false)
    })
  }
  return () => {
    clearTimeout(timer)
    for (const watcher of watchers) watcher.close()
  }
}
