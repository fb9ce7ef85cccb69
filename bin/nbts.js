#!/usr/bin/env node
// Runs the CLI from TypeScript sources through tsx when no build is present, so plugins written in
// TypeScript load without a build step either way.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { register } from 'tsx/esm/api'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
register()
const built = join(root, 'dist/cli/main.js')
const entry = existsSync(built) ? built : join(root, 'src/cli/main.ts')
await import(pathToFileURL(entry).href)
