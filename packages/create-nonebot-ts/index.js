#!/usr/bin/env node
// `npm create nonebot-ts [dir] [-- options]`: the same as `npx nbts init`, with the nbts of the
// nonebot-ts version this package depends on. A missing directory defaults to my-bot.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const root = dirname(require.resolve('nonebot-ts/package.json'))
const args = process.argv.slice(2)
if (!args.some((arg) => !arg.startsWith('-'))) args.unshift('my-bot')
const result = spawnSync(process.execPath, [join(root, 'bin/nbts.js'), 'init', ...args], { stdio: 'inherit' })
process.exit(result.status ?? 1)
