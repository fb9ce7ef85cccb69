import { defineConfig } from 'vitest/config'

// `npm test`: everything that needs no outside service. Tests named `*.services.test.ts` talk to
// PostgreSQL, NATS or Chromium and run under `npm run test:services` (vitest.services.config.ts).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', '**/*.services.test.ts', '**/*.package.test.ts'],
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts', 'test/**/*.test-d.ts'] },
    testTimeout: 15_000,
    hookTimeout: 15_000,
    pool: 'forks',
  },
})
