import pg from 'pg'
import { services } from './env.js'

/** A test file's own schema in the run's database, chosen through the connection's search_path. */
export async function pgSchemaUrl(schema: string): Promise<string> {
  const client = new pg.Client({ connectionString: services.pgUrl })
  await client.connect()
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`)
  } finally {
    await client.end()
  }
  const url = new URL(services.pgUrl)
  url.searchParams.set('options', `-c search_path=${schema}`)
  return url.toString()
}
