import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { Socket } from 'node:net'
import pg from 'pg'

/**
 * Checks that every service the service tests need is reachable, creates this run's own
 * PostgreSQL database, and drops it afterwards. Tests read the names from the environment
 * (see test/services/env.ts), so concurrent runs never collide.
 */
const PG_ADMIN_URL = process.env.NBTS_TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const NATS_URL = process.env.NBTS_TEST_NATS_URL ?? '127.0.0.1:4222'
const CHROMIUM = process.env.NBTS_TEST_CHROMIUM ?? '/usr/bin/chromium'

function reachable(hostPort: string): Promise<boolean> {
  const [host = '127.0.0.1', port = '0'] = hostPort.replace(/^nats:\/\//, '').split(':')
  return new Promise((resolve) => {
    const socket = new Socket()
    socket.setTimeout(2000)
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('timeout', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', () => resolve(false))
    socket.connect(Number(port), host)
  })
}

export default async function setup(): Promise<() => Promise<void>> {
  const missing: string[] = []
  const runId = `nbts_${process.pid}_${randomBytes(3).toString('hex')}`
  const database = runId
  let admin: pg.Client | undefined
  try {
    admin = new pg.Client({ connectionString: PG_ADMIN_URL })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${database}`)
  } catch (error) {
    missing.push(`PostgreSQL at ${PG_ADMIN_URL} (${(error as Error).message})`)
  }
  if (!(await reachable(NATS_URL))) missing.push(`NATS with JetStream at ${NATS_URL}`)
  if (!existsSync(CHROMIUM)) missing.push(`Chromium at ${CHROMIUM} (apt-get install chromium)`)
  if (missing.length > 0) {
    await admin?.end().catch(() => {})
    throw new Error(`test:services needs these services, which are missing: ${missing.join('; ')}`)
  }
  const url = new URL(PG_ADMIN_URL)
  url.pathname = `/${database}`
  process.env.NBTS_TEST_RUN_ID = runId
  process.env.NBTS_TEST_PG_URL = url.toString()
  process.env.NBTS_TEST_NATS_URL = NATS_URL
  process.env.NBTS_TEST_CHROMIUM = CHROMIUM
  return async () => {
    try {
      await admin?.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
    } finally {
      await admin?.end()
    }
  }
}
