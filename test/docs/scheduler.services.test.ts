import { beforeAll } from 'vitest'
import { pgSchemaUrl } from '../services/pg-schema.js'
import { persistentJobsSuite } from './scheduler.case.js'

let url = ''
beforeAll(async () => {
  url = await pgSchemaUrl('docs_scheduler')
})

persistentJobsSuite(() => ({ DATABASE_URL: url }))
