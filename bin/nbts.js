#!/usr/bin/env node
// Runs the built CLI (dist/) when there is one: bot projects import `nonebot-ts` from dist/ too, and
// the CLI and the plugins must share one copy of the framework. Without a build, or with
// NBTS_FROM_SOURCE=1 (tests and development in a checkout), it runs the TypeScript sources through
// tsx. tsx is registered either way, so plugins written in TypeScript load without a build step.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { register } from 'tsx/esm/api'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
register()
const built = join(root, 'dist/cli/main.js')
const fromSource = process.env.NBTS_FROM_SOURCE === '1' || !existsSync(built)
const entry = fromSource ? join(root, 'src/cli/main.ts') : built
await import(pathToFileURL(entry).href)
