import { join } from 'node:path'
import { spawnTarget } from './child.js'
import { BENCH_DIR, type Target } from './target.js'

export const baselineTarget: Target = {
  name: 'baseline',
  label: 'bare ws server',
  modes: ['v11-rws', 'v11-fws', 'v11-http', 'v12-rws'],
  unavailable: () => undefined,
  start(setup) {
    const config = { port: setup.port, mode: setup.mode, wsUrls: setup.wsUrls, apiRoots: setup.apiRoots }
    return spawnTarget(process.execPath, [join(BENCH_DIR, 'src/targets/baseline-server.mjs')], {
      cwd: setup.dir,
      env: { ...process.env, BENCH_CONFIG: JSON.stringify(config) },
      logFile: join(setup.dir, 'target.log'),
    })
  },
}
