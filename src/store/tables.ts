/** The store's own tables (created by the store's migrations, see core-migrations.ts). */
export type StoreTables = {
  nbts_migrations: { plugin: string; name: string; applied_at: number }
  nbts_kv: { plugin: string; key: string; value: string; rev: number; expires_at: number | null }
  nbts_jobs: {
    plugin: string
    id: string
    kind: string
    /** JSON: `{ cron, tz? }`, `{ every }` (ms) or `{ at }` (ms since epoch). */
    schedule: string
    data: string
    missed: string
    next_run: number
    created_at: number
  }
}
