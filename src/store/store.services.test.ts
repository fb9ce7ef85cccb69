import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { pgSchemaUrl } from '../../test/services/pg-schema.js'
import { storeSuite } from './store.case.js'

let url = ''
const root = mkdtempSync(join(tmpdir(), 'nbts-store-pg-'))
beforeAll(async () => {
  url = await pgSchemaUrl('store_suite')
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

let serial = 0
storeSuite('postgres', () => ({ DATABASE_URL: url, DATA_DIR: join(root, String(++serial)) }))
