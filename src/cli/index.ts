// The CLI's programmatic surface: embed `nbts run`, `nbts simulate` or `nbts init`, or test a bot
// directory without a child process. (The `nbts` binary itself imports each command lazily.)
export { mainHelp, runCli } from './cli.js'
export { INIT_HELP, initCommand } from './init/command.js'
export { INIT_MODES, type InitMode } from './init/modes.js'
export type { CliIo, CliTerminal } from './io.js'
export {
  DEFAULT_ADAPTERS,
  type NonebotSection,
  parseNonebotSection,
  readNonebotSection,
} from './nonebot-section.js'
export { ReloadingBot, type ReloadOptions } from './reload/reloading-bot.js'
export { RUN_HELP, type RunDeps, runCommand } from './run.js'
export type { StoppableBot } from './shutdown.js'
export { SIMULATE_HELP, simulateCommand } from './simulate/command.js'
export {
  isSimulateMode,
  SIMULATE_MODES,
  type SimulatedSetup,
  type SimulatedSetupOptions,
  type SimulateMode,
  startSimulated,
} from './simulate/setup.js'
export { createAdapters, type RunningBot, type StartBotOptions, startBot } from './start-bot.js'
