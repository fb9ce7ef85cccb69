// `npm install` in bench/ also installs (and, through its `prepare` script, builds) the framework
// in the repository root when that has not been done, so that `cd bench && npm install &&
// npm run bench` measures nonebot-ts on a fresh clone.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = process.env.NBTS_REPO ?? join(dirname(fileURLToPath(import.meta.url)), '../..')
if (!existsSync(join(root, 'package.json'))) process.exit(0)
if (existsSync(join(root, 'node_modules/tsx')) && existsSync(join(root, 'dist/cli/main.js'))) process.exit(0)
console.log(`bench: installing and building the framework in ${root} (npm ci)`)
execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' })
