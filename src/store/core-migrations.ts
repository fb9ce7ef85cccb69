import type { Kysely } from 'kysely'
import type { Tables } from './database.js'
import type { Migrations } from './migrate.js'

/** The ledger name of the store's own migrations (a name no plugin takes: npm names have no `:`). */
export const CORE_MIGRATIONS = '@nbts/store:core'

/** Tables of `ctx.kv` and the persistent jobs, created the first time either is used. */
export const coreMigrations: Migrations = {
  async '001_kv'(db: Kysely<Tables>) {
    await db.schema
      .createTable('nbts_kv')
      .addColumn('plugin', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('rev', 'integer', (c) => c.notNull())
      .addColumn('expires_at', 'bigint')
      .addPrimaryKeyConstraint('nbts_kv_pk', ['plugin', 'key'])
      .execute()
  },
  async '002_jobs'(db: Kysely<Tables>) {
    await db.schema
      .createTable('nbts_jobs')
      .addColumn('plugin', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('schedule', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('missed', 'text', (c) => c.notNull())
      .addColumn('next_run', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('nbts_jobs_pk', ['plugin', 'id'])
      .execute()
  },
}
