import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { storeSuite } from './store.case.js'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

storeSuite('sqlite', () => {
  const root = mkdtempSync(join(tmpdir(), 'nbts-store-'))
  dirs.push(root)
  return { DATA_DIR: join(root, 'data') }
})
