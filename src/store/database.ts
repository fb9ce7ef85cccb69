import { mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import type { Kysely } from 'kysely'
import type { Logger } from '../log.js'
import type { DatabaseTarget } from './config.js'

/**
 * The tables `ctx.db` knows, for plugins that like one global description: fill it by declaration
 * merging (`declare module 'nonebot-ts' { interface Tables { scores: ScoreTable } }`), or type
 * locally with `ctx.db.withTables<{ scores: ScoreTable }>()`.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging, which a type alias cannot do
export interface Tables {}

export type Engine = DatabaseTarget['engine']

/** The app's one database: Kysely over better-sqlite3 (WAL) or a pg pool. */
export interface Database {
  readonly engine: Engine
  readonly db: Kysely<Tables>
  /** Kysely's module (for `sql` in the store's own queries). */
  readonly kysely: typeof import('kysely')
  close(): Promise<void>
}

// Loaded synchronously on first use, so `ctx.db` is a plain property and a bot that never touches
// the database never loads Kysely (~90 ms), better-sqlite3 or pg.
const require = createRequire(import.meta.url)

/** Opens the database (no query runs yet: pg connects on the first one). */
export function openDatabase(target: DatabaseTarget, logger: Logger): Database {
  const kysely = require('kysely') as typeof import('kysely')
  if (target.engine === 'sqlite') {
    if (target.file !== ':memory:') mkdirSync(dirname(target.file), { recursive: true })
    const SQLite = require('better-sqlite3') as typeof import('better-sqlite3')
    const database = new SQLite(target.file)
    database.pragma('journal_mode = WAL')
    // Another process (a second `nbts run`, a backup) holding the write lock: wait, don't fail.
    database.pragma('busy_timeout = 5000')
    const db = new kysely.Kysely<Tables>({ dialect: new kysely.SqliteDialect({ database }) })
    logger.info(`database: SQLite ${target.file}`)
    return { engine: 'sqlite', db, kysely, close: () => db.destroy() }
  }
  const pg = require('pg') as typeof import('pg')
  const pool = new pg.Pool({
    connectionString: target.url,
    max: target.poolSize,
    types: { getTypeParser: typeParser(pg.types.getTypeParser) },
  })
  // An idle connection dropped by the server: log it; the pool opens another on the next query.
  pool.on('error', (error) => logger.warn({ err: error }, 'PostgreSQL connection lost'))
  const db = new kysely.Kysely<Tables>({ dialect: new kysely.PostgresDialect({ pool }) })
  logger.info(`database: PostgreSQL ${redact(target.url)} (pool of ${target.poolSize})`)
  return { engine: 'postgres', db, kysely, close: () => db.destroy() }
}

const INT8 = 20

/** int8 (`bigint`, `count(*)`) as a number, as SQLite gives it, or a bigint beyond 2^53. */
function typeParser(base: typeof import('pg').types.getTypeParser) {
  return ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8 && format !== 'binary') {
      return (text: string) => {
        const n = Number(text)
        return Number.isSafeInteger(n) ? n : BigInt(text)
      }
    }
    return format === 'binary' ? base(oid, 'binary') : base(oid)
  }) as typeof base
}

function redact(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'postgres://…'
  }
}
