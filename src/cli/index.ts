// The CLI's programmatic surface: embed `nbts run` or test a bot directory without a child process.
export { mainHelp, runCli } from './cli.js'
export type { CliIo } from './io.js'
export {
  DEFAULT_ADAPTERS,
  type NonebotSection,
  parseNonebotSection,
  readNonebotSection,
} from './nonebot-section.js'
export { RUN_HELP, type RunDeps, runCommand } from './run.js'
export { createAdapters, type RunningBot, type StartBotOptions, startBot } from './start-bot.js'
