import { mkdirSync } from 'node:fs'
import { join } from 'node:path'

/**
 * A plugin's own directories (NoneBot's localstore): `DATA_DIR/data/<plugin>`,
 * `DATA_DIR/cache/<plugin>`, `DATA_DIR/config/<plugin>`. Each is created the first time it is read.
 * @example
 * await writeFile(join(ctx.paths.data, 'scores.json'), json)
 */
export class PluginPaths {
  readonly #root: () => string
  readonly #dir: string
  readonly #made = new Set<string>()

  constructor(root: () => string, plugin: string) {
    this.#root = root
    this.#dir = safeDirName(plugin)
  }

  /** Data to keep (user files, exports). */
  get data(): string {
    return this.#ensure('data')
  }
  /** Data that may be deleted at any time (downloads, renders). */
  get cache(): string {
    return this.#ensure('cache')
  }
  /** Configuration files the plugin reads or writes. */
  get config(): string {
    return this.#ensure('config')
  }

  #ensure(kind: string): string {
    const dir = join(this.#root(), kind, this.#dir)
    if (!this.#made.has(dir)) {
      mkdirSync(dir, { recursive: true })
      this.#made.add(dir)
    }
    return dir
  }
}

/** A plugin name as one path segment: `@scope/name` → `@scope_name`; never `..` or a separator. */
export function safeDirName(name: string): string {
  const safe = name.replace(/[^\w.@-]/g, '_').replace(/^\.+/, '_')
  return safe.length > 0 ? safe : '_'
}
