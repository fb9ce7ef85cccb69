import type { RunDeps } from './run.js'

/**
 * The wiring `nbts run` uses. The adapters and the plugin loader live in other layers; the lead
 * replaces this file when they land:
 *   adapters: { 'onebot.v11': () => onebotV11(), 'onebot.v12': () => onebotV12() }
 *   loadPlugins: (app, section, cwd) => loadPluginsFromSection(app, section, cwd)
 */
export const defaultRunDeps: RunDeps = {
  adapters: {},
  async loadPlugins(app, section) {
    const wanted = [
      ...section.builtinPlugins.map((name) => `builtin:${name}`),
      ...section.plugins,
      ...section.pluginDirs.map((dir) => `${dir}/*`),
    ]
    if (wanted.length === 0) return
    app.logger.warn(`plugin loading is not wired into this build yet; not loaded: ${wanted.join(', ')}`)
  },
}
