export type {
  Plugin,
  PluginConfig,
  PluginDefinition,
  PluginExports,
  PluginMetadata,
} from './define-plugin.js'
export { definePlugin, pluginDefiner } from './define-plugin.js'
export type {
  CmdOptions,
  CommandOptions,
  GroupDefaults,
  MatcherOptions,
  RegexOptions,
  ShellCommandOptions,
  TextOptions,
} from './factories.js'
export { MatcherFactory } from './factories.js'
export type { PluginsSection } from './loader.js'
export type { LoadedPlugin, LoadResult, PluginInfo } from './manager.js'
export { PluginManager } from './manager.js'
export { PluginScope } from './scope.js'
