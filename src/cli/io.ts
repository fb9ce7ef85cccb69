import type { LoggerOptions } from '../log.js'

/** The interactive side of a terminal (`nbts simulate`, `nbts init` prompts). */
export interface CliTerminal {
  readonly input: NodeJS.ReadableStream
  readonly output: NodeJS.WritableStream
  /** Whether a person is typing (prompts, line editing) rather than a pipe. */
  readonly isTTY: boolean
}

/** What a CLI command may touch of the process; tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
  readonly env: Readonly<Record<string, string | undefined>>
  /** The directory relative paths (`--cwd`) start from. */
  readonly cwd: string
  /** Ends the process at once (a forced exit on a repeated signal). */
  readonly exit: (code: number) => never
  /** Where SIGINT/SIGTERM arrive. @default process */
  readonly signals?: NodeJS.EventEmitter
  /** Where the bot's log lines go. @default stdout */
  readonly logDestination?: LoggerOptions['destination']
  /** stdin/stdout as streams, for interactive commands. @default none: they refuse to run */
  readonly terminal?: CliTerminal
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    exit: (code) => process.exit(code),
    terminal: {
      input: process.stdin,
      output: process.stdout,
      isTTY: process.stdin.isTTY === true && process.stdout.isTTY === true,
    },
  }
}
