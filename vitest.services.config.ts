import { defineConfig } from 'vitest/config'

// `npm run test:services`: the tests that need real services (PostgreSQL, NATS with JetStream,
// Chromium). The global setup checks each one first and fails, naming what is missing; it never skips.
export default defineConfig({
  test: {
    include: ['src/**/*.services.test.ts', 'test/**/*.services.test.ts'],
    globalSetup: ['test/services/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
})
