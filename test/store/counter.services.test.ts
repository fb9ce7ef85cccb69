import { beforeAll } from 'vitest'
import { pgSchemaUrl } from '../services/pg-schema.js'
import { counterRestartSuite } from './counter.case.js'

let url = ''
beforeAll(async () => {
  url = await pgSchemaUrl('counter_restart')
})

counterRestartSuite('PostgreSQL', () => ({ DATABASE_URL: url }))
