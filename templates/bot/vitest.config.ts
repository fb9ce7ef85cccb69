import { defineConfig } from 'vitest/config'

// This project's own test settings: without this file, a project created inside another project
// (e.g. a nonebot-ts checkout) would pick up that project's vitest config.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['src/**/*.test.ts'],
  },
})
