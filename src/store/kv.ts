import type { Kysely } from 'kysely'
import { type Duration, durationMs } from '../config/duration.js'
import type { Clock } from '../scheduler/clock.js'
import type { Database } from './database.js'
import { decodeValue, encodeValue } from './json-codec.js'
import type { StoreTables } from './tables.js'
import type { KeyValueStore, KvSetOptions } from './types.js'

interface Row {
  value: string
  rev: number
  expires_at: number | null
}

// Past this many lost compare-and-swaps in a row, something else rewrites the key in a loop.
const MAX_ATTEMPTS = 100

/**
 * `ctx.kv` on the app's database (table `nbts_kv`, keyed by plugin and key). `update` is a
 * compare-and-swap on the row's revision, so writers in other processes never lose a write; in
 * this process updates of one key are queued, so `fn` normally runs once.
 */
export class SqlKeyValueStore implements KeyValueStore {
  readonly #open: () => Promise<Database>
  readonly #plugin: string
  readonly #clock: Clock
  readonly #queues = new Map<string, Promise<unknown>>()
  #tables: Kysely<StoreTables> | undefined

  constructor(open: () => Promise<Database>, plugin: string, clock: Clock) {
    this.#open = open
    this.#plugin = plugin
    this.#clock = clock
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    const db = await this.#db()
    const row = await this.#row(db, key)
    if (!row) return undefined
    if (this.#expired(row)) {
      await db
        .deleteFrom('nbts_kv')
        .where('plugin', '=', this.#plugin)
        .where('key', '=', key)
        .where('rev', '=', row.rev)
        .execute()
      return undefined
    }
    return decodeValue<T>(row.value)
  }

  async set(key: string, value: unknown, options?: KvSetOptions): Promise<void> {
    if (value === undefined) {
      await this.delete(key)
      return
    }
    const text = encodeValue(value)
    const expiresAt = this.#expiry(options)
    const db = await this.#db()
    const { sql } = (await this.#open()).kysely
    await db
      .insertInto('nbts_kv')
      .values({ plugin: this.#plugin, key, value: text, rev: 1, expires_at: expiresAt })
      .onConflict((oc) =>
        oc
          .columns(['plugin', 'key'])
          .doUpdateSet({ value: text, expires_at: expiresAt, rev: sql<number>`nbts_kv.rev + 1` }),
      )
      .execute()
  }

  async delete(key: string): Promise<boolean> {
    const db = await this.#db()
    const now = this.#clock.now()
    const live = await db
      .deleteFrom('nbts_kv')
      .where('plugin', '=', this.#plugin)
      .where('key', '=', key)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .executeTakeFirst()
    if (live.numDeletedRows > 0n) return true
    await db.deleteFrom('nbts_kv').where('plugin', '=', this.#plugin).where('key', '=', key).execute()
    return false
  }

  update<T = unknown>(
    key: string,
    fn: (current: T | undefined) => T | undefined,
    options?: KvSetOptions,
  ): Promise<T | undefined> {
    const previous = this.#queues.get(key) ?? Promise.resolve()
    const run = previous.then(
      () => this.#update(key, fn, options),
      () => this.#update(key, fn, options),
    )
    this.#queues.set(key, run)
    void run.then(
      () => this.#forget(key, run),
      () => this.#forget(key, run),
    )
    return run
  }

  async keys(prefix = ''): Promise<string[]> {
    const db = await this.#db()
    const { sql } = (await this.#open()).kysely
    const now = this.#clock.now()
    let query = db
      .selectFrom('nbts_kv')
      .select('key')
      .where('plugin', '=', this.#plugin)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    // substr, not LIKE: SQLite's LIKE ignores case and both treat % and _ specially.
    if (prefix) query = query.where(sql<boolean>`substr(key, 1, length(cast(${prefix} as text))) = ${prefix}`)
    const rows = await query.execute()
    return rows.map((row) => row.key).sort(byCodeUnit)
  }

  async #update<T>(
    key: string,
    fn: (current: T | undefined) => T | undefined,
    options: KvSetOptions | undefined,
  ): Promise<T | undefined> {
    const db = await this.#db()
    const { sql } = (await this.#open()).kysely
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const row = await this.#row(db, key)
      const live = row !== undefined && !this.#expired(row)
      const next = fn(live ? decodeValue<T>(row.value) : undefined)
      let won: boolean
      if (next === undefined) {
        if (!row) return undefined
        const result = await db
          .deleteFrom('nbts_kv')
          .where('plugin', '=', this.#plugin)
          .where('key', '=', key)
          .where('rev', '=', row.rev)
          .executeTakeFirst()
        won = result.numDeletedRows > 0n
      } else {
        const value = encodeValue(next)
        // Without a ttl an update keeps the key's expiry (a fixed window for counters).
        const expiresAt = options?.ttl !== undefined ? this.#expiry(options) : live ? row.expires_at : null
        if (row) {
          const result = await db
            .updateTable('nbts_kv')
            .where('plugin', '=', this.#plugin)
            .where('key', '=', key)
            .set({ value, expires_at: expiresAt, rev: sql<number>`rev + 1` })
            .where('rev', '=', row.rev)
            .executeTakeFirst()
          won = result.numUpdatedRows > 0n
        } else {
          const result = await db
            .insertInto('nbts_kv')
            .values({ plugin: this.#plugin, key, value, rev: 1, expires_at: expiresAt })
            .onConflict((oc) => oc.columns(['plugin', 'key']).doNothing())
            .executeTakeFirst()
          won = (result.numInsertedOrUpdatedRows ?? 0n) > 0n
        }
      }
      if (won) return next
    }
    throw new Error(`kv.update("${key}") lost ${MAX_ATTEMPTS} races in a row to other writers`)
  }

  #forget(key: string, run: Promise<unknown>): void {
    if (this.#queues.get(key) === run) this.#queues.delete(key)
  }

  async #db(): Promise<Kysely<StoreTables>> {
    this.#tables ??= (await this.#open()).db.withTables<StoreTables>()
    return this.#tables
  }

  #row(db: Kysely<StoreTables>, key: string): Promise<Row | undefined> {
    return db
      .selectFrom('nbts_kv')
      .select(['value', 'rev', 'expires_at'])
      .where('plugin', '=', this.#plugin)
      .where('key', '=', key)
      .executeTakeFirst()
  }

  #expired(row: Row): boolean {
    return row.expires_at !== null && row.expires_at <= this.#clock.now()
  }

  #expiry(options: KvSetOptions | undefined): number | null {
    return options?.ttl === undefined ? null : this.#clock.now() + durationMs(options.ttl as Duration, 'ttl')
  }
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
