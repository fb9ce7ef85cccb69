import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { spawnTarget } from './child.js'
import { BENCH_DIR, type Target } from './target.js'

export const koishiTarget: Target = {
  name: 'koishi',
  label: 'Koishi 4.18 + adapter-onebot 6.9',
  // koishi-plugin-adapter-onebot speaks V11 only.
  modes: ['v11-rws', 'v11-fws', 'v11-http'],
  unavailable: () =>
    existsSync(join(BENCH_DIR, 'node_modules/koishi-plugin-adapter-onebot'))
      ? undefined
      : 'not installed: run `npm install` in bench/',
  start(setup) {
    const generatorPort = setup.wsUrls[0]
      ? new URL(setup.wsUrls[0]).port
      : new URL(Object.values(setup.apiRoots)[0] ?? 'http://127.0.0.1:0/').port
    const config = { port: setup.port, mode: setup.mode, selfIds: setup.selfIds, generatorPort }
    return spawnTarget(process.execPath, [join(BENCH_DIR, 'src/targets/koishi-server.mjs')], {
      cwd: setup.dir,
      env: { ...process.env, BENCH_CONFIG: JSON.stringify(config) },
      logFile: join(setup.dir, 'target.log'),
    })
  },
}
