import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { z } from 'zod'
import type { ConfigStore } from '../config/store.js'

/** The keys of the data directory and the database (read on first use, never at start-up). */
export const storeConfigShape = {
  data_dir: z.string().min(1).default('./data').describe('a directory path (relative to the bot directory)'),
  database_url: z
    .string()
    .regex(/^(postgres(ql)?:\/\/|sqlite:)/)
    .optional()
    .describe('postgres://user:password@host:5432/db, or sqlite:<file> (sqlite::memory: for none)'),
  database_pool_size: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(10)
    .describe('a number of connections between 1 and 1000'),
}

export type DatabaseTarget =
  | { readonly engine: 'sqlite'; readonly file: string }
  | { readonly engine: 'postgres'; readonly url: string; readonly poolSize: number }

export interface StoreConfig {
  /** Absolute root of the per-plugin directories. */
  readonly dataDir: string
  readonly database: DatabaseTarget
}

/**
 * Reads the store's keys. Relative paths resolve against the bot directory (`baseDir`), never the
 * process's working directory by accident. Throws `ConfigError` for a wrong value.
 */
export function readStoreConfig(config: ConfigStore, baseDir: string): StoreConfig {
  const raw = config.section(storeConfigShape)
  const dataDir = resolve(baseDir, raw.data_dir)
  const url = raw.database_url
  let database: DatabaseTarget
  if (url === undefined) database = { engine: 'sqlite', file: join(dataDir, 'nonebot.sqlite') }
  else if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\//, '')
    database = { engine: 'sqlite', file: file === ':memory:' ? file : resolve(baseDir, file) }
  } else database = { engine: 'postgres', url, poolSize: raw.database_pool_size }
  return { dataDir, database }
}

/** The bot directory when none is given: the nearest folder with a package.json above `from`. */
export function findBaseDir(from: string = process.cwd()): string {
  let dir = resolve(from)
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir
    const parent = dirname(dir)
    if (parent === dir) return resolve(from)
    dir = parent
  }
}
