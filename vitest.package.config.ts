import { defineConfig } from 'vitest/config'

// `npm run test:package`: the whole path of a new user, from `npm pack` to a bot answering /echo,
// in temp directories. It installs the scaffold's dependencies from the npm registry (minutes),
// so it is a separate command, run before a release, not part of `npm test` or CI.
export default defineConfig({
  test: {
    include: ['test/**/*.package.test.ts'],
    testTimeout: 30 * 60_000,
    hookTimeout: 10 * 60_000,
    pool: 'forks',
  },
})
