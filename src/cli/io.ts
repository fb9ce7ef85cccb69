import type { LoggerOptions } from '../log.js'

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
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    exit: (code) => process.exit(code),
  }
}
