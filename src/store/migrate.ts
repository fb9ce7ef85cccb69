import type { Kysely } from 'kysely'
import { MigrationError } from '../errors.js'
import type { Logger } from '../log.js'
import type { Database, Engine, Tables } from './database.js'
import type { StoreTables } from './tables.js'

/** What a migration may need to know: the one place where SQLite and PostgreSQL differ in DDL. */
export interface MigrationInfo {
  /** `sqlite` or `postgres`: e.g. an auto-numbered key is `integer` on SQLite, `serial` on PostgreSQL. */
  readonly engine: Engine
}

/** One schema change. It runs inside a transaction with `db` bound to it. */
export type Migration =
  | ((db: Kysely<Tables>, info: MigrationInfo) => Promise<void>)
  | { readonly up: (db: Kysely<Tables>, info: MigrationInfo) => Promise<void> }

/**
 * A plugin's migrations by name. They run in name order (`001_scores`, `002_scores_index`), each
 * once, each in its own transaction, recorded in `nbts_migrations`.
 */
export type Migrations = Readonly<Record<string, Migration>>

// One lock for every migrating process, so two bots starting on one PostgreSQL never race.
const PG_LOCK_KEY = 0x6e627473

/**
 * Applies the plugin's pending migrations. Throws `MigrationError` (naming the plugin and the
 * migration) on the first failure; that migration's changes are rolled back.
 */
export async function migrate(
  database: Database,
  plugin: string,
  migrations: Migrations,
  logger: Logger,
): Promise<string[]> {
  const names = Object.keys(migrations).sort()
  if (names.length === 0) return []
  const db = database.db.withTables<StoreTables>()
  const applied = new Set(await appliedNames(database, db, plugin))
  const ran: string[] = []
  for (const name of names) {
    if (applied.has(name)) continue
    const migration = migrations[name]!
    try {
      const didRun = await inTransaction(database, db, async (trx) => {
        const done = await trx
          .selectFrom('nbts_migrations')
          .select('name')
          .where('plugin', '=', plugin)
          .where('name', '=', name)
          .executeTakeFirst()
        if (done) return false
        const up = typeof migration === 'function' ? migration : migration.up
        await up(trx as unknown as Kysely<Tables>, { engine: database.engine })
        await trx.insertInto('nbts_migrations').values({ plugin, name, applied_at: Date.now() }).execute()
        return true
      })
      if (didRun) {
        ran.push(name)
        logger.info(`migration ${name} applied`)
      }
    } catch (error) {
      throw new MigrationError(plugin, name, { cause: error })
    }
  }
  return ran
}

/** The names applied so far; the ledger table is made the first time (not at every start: it write-locks SQLite). */
async function appliedNames(database: Database, db: Kysely<StoreTables>, plugin: string): Promise<string[]> {
  const read = async () =>
    (await db.selectFrom('nbts_migrations').select('name').where('plugin', '=', plugin).execute()).map(
      (row) => row.name,
    )
  try {
    return await read()
  } catch {
    await inTransaction(database, db, async (trx) => {
      await trx.schema
        .createTable('nbts_migrations')
        .ifNotExists()
        .addColumn('plugin', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('applied_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('nbts_migrations_pk', ['plugin', 'name'])
        .execute()
    })
    return read()
  }
}

/** A transaction that, on PostgreSQL, first takes the migration lock (released at commit). */
function inTransaction<T>(
  database: Database,
  db: Kysely<StoreTables>,
  fn: (trx: Kysely<StoreTables>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    if (database.engine === 'postgres') {
      await database.kysely.sql`select pg_advisory_xact_lock(${PG_LOCK_KEY})`.execute(trx)
    }
    return fn(trx)
  })
}
