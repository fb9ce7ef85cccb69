import { connect } from '@nats-io/transport-node'
import pg from 'pg'
import { chromium } from 'playwright-core'
import { expect, test } from 'vitest'
import { CHROMIUM_ARGS, services } from './env.js'

test('the run has its own PostgreSQL database', async () => {
  const client = new pg.Client({ connectionString: services.pgUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db')
    expect(rows[0]?.db).toBe(services.runId)
  } finally {
    await client.end()
  }
})

test('NATS answers with JetStream enabled', async () => {
  const nc = await connect({ servers: services.natsUrl })
  try {
    const info = nc.info
    expect(info?.jetstream).toBe(true)
  } finally {
    await nc.close()
  }
})

test('Chromium renders a page', async () => {
  const browser = await chromium.launch({ executablePath: services.chromium, args: CHROMIUM_ARGS })
  try {
    const page = await browser.newPage()
    await page.setContent('<h1>ok</h1>')
    expect(await page.textContent('h1')).toBe('ok')
  } finally {
    await browser.close()
  }
})
