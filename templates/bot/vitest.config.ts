import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// This project's own test settings. Without a config here, vitest would use the first one it finds
// in a parent folder (a bot created inside a nonebot-ts checkout would run the framework's).
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['src/**/*.test.ts'],
  },
})
