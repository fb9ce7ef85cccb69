#!/usr/bin/env node
// Runs the built CLI (dist/) when it is up to date: plain Node, no compiler at start-up; TypeScript
// plugins are then compiled on demand by the plugin loader. Without a build, or when a source file
// is newer than the build (a checkout being edited), runs the TypeScript sources through tsx.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const built = join(root, 'dist/cli/main.js')

function newestSource(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs)
  }
  return newest
}

const src = join(root, 'src')
// Only a checkout (it has tsconfig.json; an installed package does not) can have sources newer
// than its build, so only there is the tree walked.
const checkout = existsSync(join(root, 'tsconfig.json'))
const useBuild = existsSync(built) && (!checkout || statSync(built).mtimeMs >= newestSource(src))
if (useBuild) {
  await import(pathToFileURL(built).href)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import(pathToFileURL(join(src, 'cli/main.ts')).href)
}
