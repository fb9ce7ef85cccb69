import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { spawnTarget } from './child.js'
import { REPO_DIR, type Target } from './target.js'

// nonebot-ts from this checkout (or the one NBTS_REPO names): a bot directory with the built-in echo
// plugin, run with `node bin/nbts.js run --cwd <dir>` exactly as a user would.

const REPO = process.env.NBTS_REPO ?? REPO_DIR
const CLI = join(REPO, 'bin/nbts.js')

/**
 * nonebot-ts as it runs by default on a loopback HOST: console and metrics on. `extraEnv` turns
 * things off or on, so the cost of a service shows as the gap between two targets.
 */
function nonebot(name: string, label: string, extraEnv: readonly string[]): Target {
  return {
    name,
    label,
    modes: ['v11-rws', 'v11-fws', 'v11-http', 'v12-rws'],
    unavailable() {
      if (!existsSync(CLI)) return `not available yet: ${CLI} is missing`
      if (!existsSync(join(REPO, 'src/cli/main.ts')) && !existsSync(join(REPO, 'dist/cli/main.js'))) {
        return 'not available yet: the `nbts` CLI (src/cli/main.ts) has not landed'
      }
      if (!existsSync(join(REPO, 'node_modules/tsx'))) return `not installed: run \`npm ci\` in ${REPO}`
      return undefined
    },
    start(setup) {
      const manifest = {
        name: 'bench-bot',
        private: true,
        type: 'module',
        nonebot: { adapters: ['onebot.v11', 'onebot.v12'], builtinPlugins: ['echo'] },
      }
      writeFileSync(join(setup.dir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n')
      const env = ['HOST=127.0.0.1', `PORT=${setup.port}`, 'LOG_LEVEL=WARNING', ...extraEnv]
      if (setup.wsUrls.length > 0) env.push(`ONEBOT_WS_URLS=${JSON.stringify(setup.wsUrls)}`)
      if (Object.keys(setup.apiRoots).length > 0)
        env.push(`ONEBOT_API_ROOTS=${JSON.stringify(setup.apiRoots)}`)
      writeFileSync(join(setup.dir, '.env'), env.join('\n') + '\n')
      // The bot directory's .env is the whole config: keep the harness's own environment out of it.
      const {
        PORT: _port,
        HOST: _host,
        LOG_LEVEL: _level,
        ENVIRONMENT: _environment,
        ...inherited
      } = process.env
      return spawnTarget(process.execPath, [CLI, 'run', '--cwd', setup.dir], {
        cwd: setup.dir,
        env: inherited,
        logFile: join(setup.dir, 'target.log'),
      })
    },
  }
}

export const nonebotTarget = nonebot(
  'nonebot-ts',
  'nonebot-ts (echo plugin; console and metrics on, the default)',
  [],
)
/** The same without the console and /metrics: the gap to `nonebot-ts` is what they cost per event. */
export const nonebotLeanTarget = nonebot(
  'nonebot-ts-lean',
  'nonebot-ts (echo plugin; CONSOLE=off, METRICS=false)',
  ['CONSOLE=off', 'METRICS=false'],
)
