import { beforeAll } from 'vitest'
import { pgSchemaUrl } from '../services/pg-schema.js'
import { guestbookSuite } from './database.case.js'

let url = ''
beforeAll(async () => {
  url = await pgSchemaUrl('docs_guestbook')
})

guestbookSuite(() => ({ DATABASE_URL: url }))
