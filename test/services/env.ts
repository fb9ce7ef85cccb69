/**
 * Names of this run's services, set by test/services/global-setup.ts. Each service test uses
 * its own database, streams and buckets derived from `runId`, so two runs never collide.
 */
function required(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set: run service tests with \`npm run test:services\``)
  return value
}

export const services = {
  /** A unique id for this run; prefix NATS streams, buckets and subjects with it. */
  get runId(): string {
    return required('NBTS_TEST_RUN_ID')
  },
  /** A PostgreSQL database created for this run and dropped after it. */
  get pgUrl(): string {
    return required('NBTS_TEST_PG_URL')
  },
  get natsUrl(): string {
    return required('NBTS_TEST_NATS_URL')
  },
  get chromium(): string {
    return required('NBTS_TEST_CHROMIUM')
  },
}

/** Chromium flags that work on this machine's closed network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
]
