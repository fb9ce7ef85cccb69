import { createRequire } from 'node:module'
import type { CliIo } from './io.js'

interface Command {
  readonly summary: string
  run(argv: readonly string[], io: CliIo): Promise<number>
}

// Each command is imported only when it runs, so `nbts --help` stays fast.
const commands: Readonly<Record<string, Command>> = {
  run: {
    summary: 'start the bot in the current directory (or --cwd)',
    run: async (argv, io) => (await import('./run.js')).runCommand(argv, io),
  },
}

export function mainHelp(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length))
  const list = Object.entries(commands)
    .map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`)
    .join('\n')
  return `Usage: nbts <command> [options]

nonebot-ts: a typed, fast chatbot framework with OneBot V11 and V12 adapters.

Commands:
${list}

Options:
  -h, --help     show this help (nbts <command> --help for a command's options)
  -v, --version  print the version

Configuration comes from .env, .env.{ENVIRONMENT} and environment variables, as in NoneBot.
`
}

/** Runs `nbts <argv>`; resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv
  if (first === undefined || first === '-h' || first === '--help') {
    io.stdout(mainHelp())
    return 0
  }
  if (first === 'help') {
    const command = rest[0] === undefined ? undefined : commands[rest[0]]
    if (command) return command.run(['--help'], io)
    io.stdout(mainHelp())
    return 0
  }
  if (first === '-v' || first === '--version') {
    io.stdout(`${version()}\n`)
    return 0
  }
  const command = Object.hasOwn(commands, first) ? commands[first] : undefined
  if (!command) {
    io.stderr(
      `error: unknown command "${first}"; commands: ${Object.keys(commands).join(', ')} (see nbts --help)\n`,
    )
    return 2
  }
  return command.run(rest, io)
}

function version(): string {
  // src/cli and dist/cli are both two levels below the package root.
  const pkg = createRequire(import.meta.url)('../../package.json') as { version?: string }
  return pkg.version ?? 'unknown'
}
