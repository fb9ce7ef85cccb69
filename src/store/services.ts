import type { Kysely } from 'kysely'
import type { ConfigStore } from '../config/store.js'
import type { Logger } from '../log.js'
import { type Clock, realClock } from '../scheduler/clock.js'
import { findBaseDir, readStoreConfig, type StoreConfig } from './config.js'
import { CORE_MIGRATIONS, coreMigrations } from './core-migrations.js'
import { type Database, openDatabase } from './database.js'
import { SqlKeyValueStore } from './kv.js'
import { type Migrations, migrate } from './migrate.js'
import { PluginPaths } from './paths.js'
import type { StoreTables } from './tables.js'
import type { KeyValueStore } from './types.js'

export interface AppServicesOptions {
  readonly config: ConfigStore
  readonly logger: Logger
  /** The bot directory: `DATA_DIR` and `sqlite:` paths are relative to it. @default the nearest folder with a package.json above the working directory */
  readonly baseDir?: string
  /** @default the real clock */
  readonly clock?: Clock
}

/**
 * The app's runtime services behind `ctx.paths`, `ctx.kv` and `ctx.db`. Nothing is read, opened or
 * loaded until a plugin first uses one, so a bot without them pays nothing.
 */
export class AppServices {
  readonly clock: Clock
  readonly #options: AppServicesOptions
  #storeConfig: StoreConfig | undefined
  #database: Database | undefined
  #ready: Promise<Database> | undefined
  readonly #onClose = new Set<() => void>()

  constructor(options: AppServicesOptions) {
    this.#options = options
    this.clock = options.clock ?? realClock
  }

  /** `DATA_DIR` and the database target, read on first use (a wrong value throws `ConfigError`). */
  get storeConfig(): StoreConfig {
    this.#storeConfig ??= readStoreConfig(this.#options.config, this.#options.baseDir ?? findBaseDir())
    return this.#storeConfig
  }

  /** The database, opened on first use (no query runs until one is made). */
  get database(): Database {
    this.#database ??= openDatabase(this.storeConfig.database, this.#options.logger)
    return this.#database
  }

  /** The database once the store's own tables exist. */
  ready(): Promise<Database> {
    this.#ready ??= (async () => {
      const database = this.database
      await migrate(database, CORE_MIGRATIONS, coreMigrations, this.#options.logger)
      return database
    })()
    // A failure (PostgreSQL down) is not remembered: the next use tries again.
    this.#ready.catch(() => {
      this.#ready = undefined
    })
    return this.#ready
  }

  paths(plugin: string): PluginPaths {
    return new PluginPaths(() => this.storeConfig.dataDir, plugin)
  }

  kv(plugin: string): KeyValueStore {
    return new SqlKeyValueStore(() => this.ready(), plugin, this.clock)
  }

  /** Applies a plugin's pending migrations (before its `setup` runs). */
  migrate(plugin: string, migrations: Migrations): Promise<string[]> {
    return migrate(this.database, plugin, migrations, this.#options.logger.child({ plugin }))
  }

  /** Runs `fn` before the database closes (the plugins' schedulers stop there). Returns the undo. */
  onClose(fn: () => void): () => void {
    this.#onClose.add(fn)
    return () => this.#onClose.delete(fn)
  }

  /** The database once the store's tables exist, typed for the store's own queries. */
  async tables(): Promise<Kysely<StoreTables>> {
    return (await this.ready()).db.withTables<StoreTables>()
  }

  /** Stops the jobs, then closes the database (after the plugins stopped using it). */
  async close(): Promise<void> {
    for (const fn of [...this.#onClose]) fn()
    this.#onClose.clear()
    const database = this.#database
    this.#database = undefined
    this.#ready = undefined
    await database?.close()
  }
}
