import { existsSync } from 'node:fs'
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { definePlugin, type PluginScope } from '../index.js'
import { createTestApp, type TestApp } from '../testing/index.js'

/**
 * The store's contract, written once and run on every engine: embedded SQLite in `npm test`
 * (store.test.ts), PostgreSQL in `npm run test:services` (store.services.test.ts).
 * `database()` returns the config of one database (shared by the apps a test starts on it).
 */
export function storeSuite(engine: 'sqlite' | 'postgres', database: () => Record<string, unknown>): void {
  const apps: TestApp[] = []
  let serial = 0
  const unique = (name: string) => `${name}_${process.pid}_${++serial}`

  afterEach(async () => {
    for (const t of apps.splice(0)) await t.stop()
  })

  async function start(config: Record<string, unknown>, ...plugins: Parameters<typeof definePlugin>[0][]) {
    const t = await createTestApp({ plugins, config, now: '2026-03-01T00:00:00Z' })
    apps.push(t)
    return t
  }

  /** A plugin that hands its `ctx` out. */
  function probe(name = unique('probe')) {
    const box: { ctx?: PluginScope } = {}
    const plugin = definePlugin({
      name,
      setup(ctx) {
        box.ctx = ctx
      },
    })
    return { plugin, ctx: () => box.ctx! }
  }

  describe(`ctx.kv on ${engine}`, () => {
    it('stores JSON values per key and reads them back, bigints exact', async () => {
      const p = probe()
      const t = await start(database(), p.plugin)
      const kv = p.ctx().kv
      expect(await kv.get('missing')).toBeUndefined()
      expect(t.app.services.database.engine).toBe(engine)
      const value = { id: 2n ** 64n + 1n, small: 5n, n: 1.5, list: ['a', null, true], nested: { ok: 1 } }
      await kv.set('user:1', value)
      expect(await kv.get('user:1')).toEqual(value)
      await kv.set('user:1', 'replaced')
      expect(await kv.get<string>('user:1')).toBe('replaced')
      await kv.set('user:1', undefined)
      expect(await kv.keys()).toEqual([])
    })

    it('namespaces keys per plugin', async () => {
      const a = probe()
      const b = probe()
      await start(database(), a.plugin, b.plugin)
      await a.ctx().kv.set('score', 1)
      await b.ctx().kv.set('score', 2)
      await b.ctx().kv.set('other', 3)
      expect(await a.ctx().kv.get('score')).toBe(1)
      expect(await b.ctx().kv.get('score')).toBe(2)
      expect(await a.ctx().kv.keys()).toEqual(['score'])
      expect(await a.ctx().kv.delete('score')).toBe(true)
      expect(await a.ctx().kv.delete('score')).toBe(false)
      expect(await b.ctx().kv.get('score')).toBe(2)
    })

    it('expires a value after its ttl, by the app clock', async () => {
      const p = probe()
      const t = await start(database(), p.plugin)
      const kv = p.ctx().kv
      await kv.set('cooldown', true, { ttl: '10m' })
      await kv.set('forever', true)
      await t.clock.advance('9m')
      expect(await kv.get('cooldown')).toBe(true)
      await t.clock.advance('1m')
      expect(await kv.get('cooldown')).toBeUndefined()
      expect(await kv.keys()).toEqual(['forever'])
      await kv.set('gone', 1, { ttl: 1000 })
      await t.clock.advance('1s')
      expect(await kv.delete('gone')).toBe(false)
      await expect(kv.set('x', 1, { ttl: 'soon' })).rejects.toThrow(/not a duration/)
    })

    it('lists keys by prefix, sorted, taking % _ and case literally', async () => {
      const p = probe()
      await start(database(), p.plugin)
      const kv = p.ctx().kv
      for (const key of ['b:2', 'b:1', 'B:3', 'b_1', 'b%', 'a:1', 'b:10']) await kv.set(key, key)
      expect(await kv.keys('b:')).toEqual(['b:1', 'b:10', 'b:2'])
      expect(await kv.keys('b_')).toEqual(['b_1'])
      expect(await kv.keys('b%')).toEqual(['b%'])
      expect(await kv.keys()).toEqual(['B:3', 'a:1', 'b%', 'b:1', 'b:10', 'b:2', 'b_1'])
    })

    it('update is an atomic read-modify-write, also between two apps on one database', async () => {
      const name = unique('counter')
      const config = database()
      const first = probe(name)
      const second = probe(name)
      await start(config, first.plugin)
      await start(config, second.plugin)
      // Both open the store first: SQLite lets one connection of this one thread write at a time.
      expect([await first.ctx().kv.get('hits'), await second.ctx().kv.get('hits')]).toEqual([
        undefined,
        undefined,
      ])
      const bump = (n: number | undefined) => (n ?? 0) + 1
      await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? first : second).ctx().kv.update('hits', bump)),
      )
      expect(await first.ctx().kv.get('hits')).toBe(40)
      expect(await second.ctx().kv.update<number>('hits', (n) => (n === 40 ? undefined : n))).toBeUndefined()
      expect(await first.ctx().kv.get('hits')).toBeUndefined()
    })

    it('update keeps the expiry unless given a ttl', async () => {
      const p = probe()
      const t = await start(database(), p.plugin)
      const kv = p.ctx().kv
      await kv.update<number>('window', (n) => (n ?? 0) + 1, { ttl: '1m' })
      await t.clock.advance('30s')
      expect(await kv.update<number>('window', (n) => (n ?? 0) + 1)).toBe(2)
      await t.clock.advance('30s')
      expect(await kv.get('window')).toBeUndefined()
      expect(await kv.update<number>('window', (n) => (n ?? 0) + 1)).toBe(1)
      await t.clock.advance('1d')
      expect(await kv.get('window')).toBe(1)
    })
  })

  describe(`ctx.db and migrations on ${engine}`, () => {
    it('applies migrations in name order before setup, once per database', async () => {
      const table = unique('notes')
      const config = database()
      const seen: string[] = []
      const notes = () =>
        definePlugin({
          name: table,
          migrations: {
            async '002_seed'(db) {
              seen.push('002')
              await db
                .withTables<Notes>()
                .insertInto(table as 'notes')
                .values({ id: 1, text: 'first' })
                .execute()
            },
            async '001_create'(db) {
              seen.push('001')
              await db.schema
                .createTable(table)
                .addColumn('id', 'integer', (c) => c.primaryKey())
                .addColumn('text', 'text', (c) => c.notNull())
                .execute()
            },
          },
          async setup(ctx) {
            const db = ctx.db.withTables<Notes>()
            const rows = await db
              .selectFrom(table as 'notes')
              .selectAll()
              .execute()
            seen.push(`setup saw ${rows.length}`)
          },
        })
      await start(config, notes())
      await start(config, notes())
      expect(seen).toEqual(['001', '002', 'setup saw 1', 'setup saw 1'])
    })

    it('a failed migration stops only that plugin, rolled back, with the migration named', async () => {
      const name = unique('broken')
      const p = probe()
      const t = await start(database(), p.plugin)
      const result = await t.app.plugins.load(
        definePlugin({
          name,
          migrations: {
            async '001_ok'(db) {
              await db.schema.createTable(`${name}_a`).addColumn('id', 'integer').execute()
            },
            async '002_bad'(db) {
              await db.schema.createTable(`${name}_b`).addColumn('id', 'integer').execute()
              await sql`select * from no_such_table_anywhere`.execute(db)
            },
          },
          setup() {
            throw new Error('setup must not run after a failed migration')
          },
        }),
      )
      expect(result.ok).toBe(false)
      const error = !result.ok ? result.error : undefined
      expect(error?.message).toMatch(new RegExp(`migration "002_bad" of plugin "${name}" failed`))
      expect((error?.cause as { code?: string } | undefined)?.code).toBe('E_MIGRATION')
      expect(t.app.plugins.get(name)).toBeUndefined()
      const db = p.ctx().db
      await expect(sql`select count(*) as n from ${sql.table(`${name}_a`)}`.execute(db)).resolves.toBeTruthy()
      await expect(sql`select count(*) as n from ${sql.table(`${name}_b`)}`.execute(db)).rejects.toThrow()
      await p.ctx().kv.set('still', 'works')
      expect(await p.ctx().kv.get('still')).toBe('works')
    })

    it('gives the same types on both engines: integers and counts are numbers', async () => {
      const table = unique('typed')
      const t = await start(
        database(),
        definePlugin({
          name: table,
          migrations: {
            async '001'(db) {
              await db.schema
                .createTable(table)
                .addColumn('id', 'bigint', (c) => c.primaryKey())
                .addColumn('at', 'bigint')
                .execute()
            },
          },
          setup() {},
        }),
      )
      const p = probe()
      await t.app.plugins.load(p.plugin)
      const db = p.ctx().db.withTables<Record<string, { id: number; at: number | null }>>()
      await db.insertInto(table).values({ id: 1, at: 1_772_000_000_000 }).execute()
      const row = await db.selectFrom(table).select(['id', 'at']).executeTakeFirstOrThrow()
      expect(row).toEqual({ id: 1, at: 1_772_000_000_000 })
      const count = await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
      expect(count.n).toBe(1)
    })
  })

  describe(`ctx.paths (${engine})`, () => {
    it('makes per-plugin directories under DATA_DIR on first use only', async () => {
      const p = probe('@scope/paths')
      const config = database()
      await start(config, p.plugin)
      const root = String(config.DATA_DIR)
      // Nothing used the store yet, so nothing was made (not even the SQLite file).
      expect(existsSync(root)).toBe(false)
      const { data, cache } = p.ctx().paths
      expect(data).toBe(`${root}/data/@scope_paths`)
      expect(cache).toBe(`${root}/cache/@scope_paths`)
      expect(existsSync(data) && existsSync(cache)).toBe(true)
      expect(existsSync(`${root}/config/@scope_paths`)).toBe(false)
    })
  })
}

type Notes = {
  notes: { id: number; text: string }
}
