import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { Adapter } from '../adapter/adapter.js'
import type { App } from '../app.js'
import { CLUSTER_ROLES, type ClusterRole } from '../cluster/options.js'
import { decodeValue } from '../config/values.js'
import type { LogFormat } from '../log.js'
import { formatFatal, isDebugLevel } from './fatal.js'
import type { CliIo } from './io.js'
import type { NonebotSection } from './nonebot-section.js'
import { Shutdown, type StoppableBot } from './shutdown.js'
import { type StartBotOptions, startBot } from './start-bot.js'

/**
 * What `nbts run` needs from the rest of the framework. `src/cli/deps.ts` holds the wiring used by
 * the `nbts` binary; tests pass their own.
 */
export interface RunDeps {
  /** Adapter factories by the name package.json uses (`onebot.v11`). Each call makes a new adapter. */
  readonly adapters: Readonly<Record<string, () => Adapter>>
  /**
   * Loads the plugins the section names (`builtinPlugins`, `plugins`, `pluginDirs`; paths are
   * relative to `cwd`) into the app. Runs before `app.start()`; a `ConfigError` thrown here is
   * reported like any other configuration error. `--reload` loads the bot's own plugin files itself
   * (it must import them afresh) and uses this for nothing.
   */
  loadPlugins(app: App, section: NonebotSection, cwd: string): Promise<void>
}

export const RUN_HELP = `Usage: nbts run [options]

Starts the bot in the current directory (or --cwd): reads .env, .env.{ENVIRONMENT} and the
"nonebot" section of package.json, starts the adapters and plugins named there, and runs until
Ctrl-C (SIGINT) or SIGTERM. A second signal exits without waiting for running handlers.

Options:
  --cwd <dir>            bot directory to run in (default: the current directory)
  -e, --env <name>       ENVIRONMENT: also read .env.<name> (default: from the environment or .env, else prod)
  --host <host>          HOST to listen on (default 127.0.0.1)
  -p, --port <port>      PORT to listen on (default 8080; 0 picks a free port)
  --driver <line>        DRIVER, NoneBot syntax, e.g. ~fastapi+~httpx+~websockets or ~none+~websockets
  --log-level <level>    LOG_LEVEL: TRACE, DEBUG, INFO, SUCCESS, WARNING, ERROR, CRITICAL or a number
  --log-format <format>  LOG_FORMAT: pretty (coloured lines) or json (default: pretty on a terminal)
  --debug                LOG_LEVEL=DEBUG unless --log-level is given, and stack traces on errors
  -r, --reload           while developing: reload a plugin when its file changes (connections stay
                         up), restart the bot when .env* or package.json changes
  --role <role>          all (default: everything in this process), gateway (holds the OneBot
                         connections) or worker (runs the plugins); gateway and worker need NATS_URL
                         (see docs/deployment.md)
  -h, --help             show this help

Command-line options win over environment variables, which win over .env.{ENVIRONMENT} and .env.

package.json:
  "nonebot": {
    "adapters": ["onebot.v11", "onebot.v12"],      adapters to run (default: both OneBot versions)
    "builtinPlugins": ["echo"],                    built-in plugins
    "plugins": ["some-npm-plugin", "./src/plugins/foo.ts"],
    "pluginDirs": ["src/plugins"]                  every plugin in these directories
  }
`

const runOptions = {
  cwd: { type: 'string' },
  env: { type: 'string', short: 'e' },
  host: { type: 'string' },
  port: { type: 'string', short: 'p' },
  driver: { type: 'string' },
  'log-level': { type: 'string' },
  'log-format': { type: 'string' },
  debug: { type: 'boolean' },
  reload: { type: 'boolean', short: 'r' },
  role: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

/** `nbts run`: resolves with the exit code once the bot has stopped (or failed to start). */
export async function runCommand(argv: readonly string[], io: CliIo, deps?: RunDeps): Promise<number> {
  let values: ReturnType<typeof parseRunArgs>
  try {
    values = parseRunArgs(argv)
  } catch (error) {
    io.stderr(`error: ${(error as Error).message} (see nbts run --help)\n`)
    return 2
  }
  if (values.help) {
    io.stdout(RUN_HELP)
    return 0
  }
  const logFormat = values['log-format']
  if (logFormat !== undefined && logFormat !== 'pretty' && logFormat !== 'json') {
    io.stderr(`error: --log-format must be pretty or json, not "${logFormat}"\n`)
    return 2
  }
  const role = values.role ?? 'all'
  if (!isRole(role)) {
    io.stderr(`error: --role must be all, gateway or worker, not "${role}"\n`)
    return 2
  }
  if (role !== 'all' && values.reload) {
    io.stderr('error: --reload runs only with --role all\n')
    return 2
  }
  const debug = values.debug === true
  const cwd = resolve(io.cwd, values.cwd ?? '.')
  if (!(await isDirectory(cwd))) {
    io.stderr(`error: the bot directory ${cwd} does not exist or is not a directory\n`)
    return 1
  }
  const overrides = cliOverrides(values)
  let configuredLevel: unknown = overrides.log_level ?? envValue(io.env, 'LOG_LEVEL')
  const resolvedDeps = deps ?? (await import('./deps.js')).defaultRunDeps
  const shutdown = new Shutdown(io, () => debug || isDebugLevel(configuredLevel))
  let bot: StoppableBot
  try {
    bot = await (values.reload ? startReloading : startPlain)(
      {
        cwd,
        env: io.env,
        overrides,
        logFormat: logFormat as LogFormat | undefined,
        logDestination: io.logDestination,
        role,
        onConfig: (config) => {
          configuredLevel = config.get('log_level')
        },
      },
      resolvedDeps,
    )
  } catch (error) {
    shutdown.dispose()
    io.stderr(formatFatal(error, debug || isDebugLevel(configuredLevel)))
    return 1
  }
  return shutdown.whenStopped(bot)
}

/** `--reload`: the bot behind a file watch. */
async function startReloading(options: StartBotOptions, deps: RunDeps): Promise<StoppableBot> {
  const { ReloadingBot } = await import('./reload/reloading-bot.js')
  return ReloadingBot.start(options, deps)
}

async function startPlain(options: StartBotOptions, deps: RunDeps): Promise<StoppableBot> {
  const bot = await startBot(options, deps)
  return { logger: bot.logger, stop: () => bot.app.stop() }
}

function parseRunArgs(argv: readonly string[]) {
  return parseArgs({ args: [...argv], options: runOptions, allowPositionals: false, strict: true }).values
}

/** Command-line options as config overrides (decoded like .env values, so `--port 0` is a number). */
function cliOverrides(values: ReturnType<typeof parseRunArgs>): Record<string, unknown> {
  const overrides: Record<string, unknown> = {}
  if (values.env !== undefined) overrides.environment = values.env
  if (values.host !== undefined) overrides.host = values.host
  if (values.port !== undefined) overrides.port = decodeValue(values.port)
  if (values.driver !== undefined) overrides.driver = values.driver
  if (values['log-level'] !== undefined) overrides.log_level = decodeValue(values['log-level'])
  else if (values.debug) overrides.log_level = 'DEBUG'
  return overrides
}

function isRole(role: string): role is ClusterRole {
  return (CLUSTER_ROLES as readonly string[]).includes(role)
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory()
  } catch {
    return false
  }
}

function envValue(env: Readonly<Record<string, string | undefined>>, key: string): string | undefined {
  for (const [name, value] of Object.entries(env)) if (name.toUpperCase() === key) return value
  return undefined
}
