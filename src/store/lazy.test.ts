import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))

// A fresh Node process: vitest's own workers may have loaded these modules for other tests.
const script = `
import { createRequire } from 'node:module'
import { App, echo } from './src/index.ts'
import { MemoryDriver } from './src/testing/memory-driver.ts'
const app = new App({ plugins: [echo], driver: new MemoryDriver(), config: { DATA_DIR: process.env.TEST_DATA_DIR } })
await app.start()
const loaded = () => Object.keys(createRequire(import.meta.url).cache).filter((f) => /node_modules\\/(kysely|better-sqlite3|pg|croner)\\//.test(f)).map((f) => f.split('node_modules/')[1].split('/')[0])
const before = [...new Set(loaded())]
await app.plugins.load({ name: 'user', async setup(ctx) { await ctx.kv.set('k', 1); ctx.cron('0 8 * * *', () => {}) } })
const after = [...new Set(loaded())].sort()
await app.stop()
console.log(JSON.stringify({ before, after }))
`

const dataDir = mkdtempSync(join(tmpdir(), 'nbts-lazy-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

it('a bot that uses no service loads no database or scheduler module; first use loads them', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', TEST_DATA_DIR: dataDir },
    encoding: 'utf8',
  })
  expect(run.stderr).toBe('')
  const { before, after } = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as {
    before: string[]
    after: string[]
  }
  expect(before).toEqual([])
  expect(after).toEqual(['better-sqlite3', 'croner', 'kysely'])
})
