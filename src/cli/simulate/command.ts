import { createWriteStream } from 'node:fs'
import { resolve } from 'node:path'
import { Writable } from 'node:stream'
import { parseArgs } from 'node:util'
import { decodeValue } from '../../config/values.js'
import { flushLogger } from '../../log.js'
import { profiles } from '../../testing/simulator/index.js'
import { formatFatal } from '../fatal.js'
import type { CliIo } from '../io.js'
import type { RunDeps } from '../run.js'
import { handleShutdownSignals } from '../signals.js'
import { startBot } from '../start-bot.js'
import { CHAT_HELP, type ChatTarget, type GroupRole, TerminalChat } from './chat.js'
import { waitHandled } from './settle.js'
import { isSimulateMode, SIMULATE_MODES, type SimulatedSetup, startSimulated } from './setup.js'

export const SIMULATE_HELP = `Usage: nbts simulate [options]

Starts the bot in the current directory (or --cwd) exactly as nbts run does, plus a simulated
OneBot implementation connected to it, and lets you chat with the bot in the terminal as a user in
a private chat or a group. No QQ account needed. The bot's log goes to --log-file, or only its
warnings and errors are shown in the chat.

Options:
  --cwd <dir>            bot directory (default: the current directory)
  -m, --mode <mode>      connection mode: ${SIMULATE_MODES.join(', ')}
                         (default v11-ws-reverse)
  --profile <name>       implementation to imitate: napcat, lagrange, llonebot, gocq (V11), walle (V12)
  --user <id>            your user id (default 20002)
  --group <id>           start in this group instead of a private chat
  --role <role>          your role in groups: owner, admin or member (default member)
  --as-admin             the same as --role admin
  --token <token>        access token both sides use (default: none)
  -p, --port <port>      the bot's PORT (default: a free port)
  -e, --env <name>       ENVIRONMENT, as for nbts run
  --log-file <path>      write the bot's whole log there (LOG_LEVEL applies)
  --log-level <level>    log level (default WARNING in the chat, LOG_LEVEL with --log-file)
  --show-actions         also print the bot's other API calls
  -h, --help             show this help

In the chat:
${CHAT_HELP}`

const options = {
  cwd: { type: 'string' },
  mode: { type: 'string', short: 'm' },
  profile: { type: 'string' },
  user: { type: 'string' },
  group: { type: 'string' },
  'as-admin': { type: 'boolean' },
  role: { type: 'string' },
  token: { type: 'string' },
  port: { type: 'string', short: 'p' },
  env: { type: 'string', short: 'e' },
  'log-file': { type: 'string' },
  'log-level': { type: 'string' },
  'show-actions': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

const DEFAULT_USER = '20002'
const DEFAULT_GROUP = '30003'
/** How long leaving waits for the bot to answer messages still on their way. */
const SETTLE_MS = 5000

/** `nbts simulate`: resolves with the exit code once the person quits. */
export async function simulateCommand(argv: readonly string[], io: CliIo, deps?: RunDeps): Promise<number> {
  let values: ReturnType<typeof parse>
  try {
    values = parse(argv)
  } catch (error) {
    io.stderr(`error: ${(error as Error).message} (see nbts simulate --help)\n`)
    return 2
  }
  if (values.help) {
    io.stdout(SIMULATE_HELP)
    return 0
  }
  const mode = values.mode ?? 'v11-ws-reverse'
  if (!isSimulateMode(mode)) {
    io.stderr(`error: --mode must be one of ${SIMULATE_MODES.join(', ')}, not "${mode}"\n`)
    return 2
  }
  const profile = values.profile
  const version = mode.startsWith('v11') ? 11 : 12
  if (
    profile !== undefined &&
    (!Object.hasOwn(profiles, profile) || profiles[profile as keyof typeof profiles].version !== version)
  ) {
    io.stderr(`error: --profile ${profile} is not a V${version} implementation (see nbts simulate --help)\n`)
    return 2
  }
  const role = values.role ?? (values['as-admin'] ? 'admin' : 'member')
  if (!isGroupRole(role)) {
    io.stderr(`error: --role must be owner, admin or member, not "${role}"\n`)
    return 2
  }
  if (values.port !== undefined && !/^\d+$/.test(values.port)) {
    io.stderr(`error: --port must be a port number, not "${values.port}"\n`)
    return 2
  }
  const terminal = io.terminal
  if (!terminal) {
    io.stderr('error: nbts simulate needs a terminal (stdin and stdout)\n')
    return 1
  }
  const cwd = resolve(io.cwd, values.cwd ?? '.')
  const logFile = values['log-file'] === undefined ? undefined : resolve(io.cwd, values['log-file'])
  const overrides: Record<string, unknown> = {}
  if (values.env !== undefined) overrides.environment = values.env
  if (values['log-level'] !== undefined) overrides.log_level = decodeValue(values['log-level'])
  else if (!logFile) overrides.log_level = 'WARNING'

  // Until the chat exists, log lines go to stderr; then above the prompt.
  let chat: TerminalChat | undefined
  const logDestination = logFile
    ? createWriteStream(logFile, { flags: 'a' })
    : new Writable({
        write(chunk, _encoding, done) {
          const text = String(chunk).trimEnd()
          if (chat) chat.print(text)
          else io.stderr(`${text}\n`)
          done()
        },
      })
  const resolvedDeps = deps ?? (await import('../deps.js')).defaultRunDeps
  const target: ChatTarget = { userId: values.user ?? DEFAULT_USER, groupId: values.group, role }

  let setup: SimulatedSetup
  try {
    setup = await startSimulated({
      mode,
      profile: profile as Parameters<typeof startSimulated>[0]['profile'],
      accessToken: values.token,
      port: values.port === undefined ? undefined : Number(values.port),
      startBot: (extra) =>
        startBot(
          { cwd, env: io.env, overrides: { ...extra, ...overrides }, logFormat: 'pretty', logDestination },
          resolvedDeps,
        ),
    })
  } catch (error) {
    io.stderr(formatFatal(error, false))
    return 1
  }
  const { bot, sim } = setup
  const handled = waitHandled(bot.app)
  chat = new TerminalChat({
    terminal,
    sim,
    target,
    showActions: values['show-actions'] === true,
    defaultGroupId: DEFAULT_GROUP,
    handled: async (count) => {
      await handled.until(count, SETTLE_MS)
      await bot.app.plugins.idle()
    },
  })
  const plugins = bot.app.plugins.list().map((p) => p.name)
  chat.print(
    `nbts simulate: the bot in ${cwd} is connected to a simulated ${sim.profile.name} over ${mode}.\n` +
      `plugins: ${plugins.join(', ') || 'none'}${logFile ? `; log: ${logFile}` : ''}\n` +
      `Type a message (try /echo hello), /? for help, /quit to leave.`,
  )
  const removeSignals = handleShutdownSignals({
    target: io.signals,
    notify: () => {},
    stop: () => chat?.close(),
    force: () => io.exit(1),
  })
  await chat.run()
  removeSignals()
  // Answer what is still on its way before leaving (a pipe closes right after the last line).
  await chat.flushed()
  await handled.until(chat.sent, SETTLE_MS)
  await bot.app.plugins.idle()
  chat.dispose()
  handled.dispose()
  // The bot first, so that it does not log the simulated implementation going away.
  let code = 0
  try {
    await bot.app.stop()
    bot.logger.info('stopped')
  } catch (error) {
    io.stderr(formatFatal(error, false))
    code = 1
  }
  await sim.close()
  await flushLogger(bot.logger)
  if (logFile) {
    // pino-pretty hands lines to the file through a few piped streams, a tick each: let the last
    // ones through before closing the file.
    for (let tick = 0; tick < 20; tick++) await new Promise((next) => setImmediate(next))
    await new Promise<void>((done) => (logDestination as NodeJS.WritableStream).end(done))
  }
  return code
}

function isGroupRole(role: string): role is GroupRole {
  return role === 'owner' || role === 'admin' || role === 'member'
}

function parse(argv: readonly string[]) {
  return parseArgs({ args: [...argv], options, allowPositionals: false, strict: true }).values
}
