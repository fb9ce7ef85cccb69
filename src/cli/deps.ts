import { onebotV11 } from '../adapters/onebot/v11/index.js'
import { onebotV12 } from '../adapters/onebot/v12/index.js'
import { ConfigError } from '../errors.js'
import type { RunDeps } from './run.js'

/** The wiring `nbts run` uses: the adapters by their package.json name, and the plugin loader. */
export const defaultRunDeps: RunDeps = {
  adapters: {
    'onebot.v11': () => onebotV11(),
    'onebot.v12': () => onebotV12(),
  },
  async loadPlugins(app, section, cwd) {
    // Failures are logged by the manager and never stop the other plugins (as NoneBot does),
    // except a wrong config value: like a wrong core key, it stops start-up with one line.
    const results = await app.plugins.loadFromSection(section, cwd)
    for (const result of results) {
      if (!result.ok && result.error.cause instanceof ConfigError) throw result.error.cause
    }
  },
}
