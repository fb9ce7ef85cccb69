import { createRequire } from 'node:module'
import pino, { type DestinationStream, type Logger } from 'pino'

export type { Logger }

export type LogFormat = 'pretty' | 'json'

export interface LoggerOptions {
  /** NoneBot/loguru level name (TRACE, DEBUG, INFO, SUCCESS, WARNING, ERROR, CRITICAL) or number. @default 'INFO' */
  level?: string | number
  /** `pretty` for coloured lines, `json` for one JSON object per line. @default pretty on a TTY, else json */
  format?: LogFormat
  /** Where lines go. @default stdout */
  destination?: DestinationStream
  /** Colours in pretty mode. @default whether stdout is a colour TTY (when writing to stdout) */
  colorize?: boolean
  /** Also receives every serialized (JSON) line, e.g. the console's log buffer. */
  tap?: { write(line: string): void }
}

/** pino level numbers; `success` sits between info and warn, as loguru's SUCCESS does. */
const customLevels = { success: 35 } as const

export type LevelName = pino.LevelWithSilent | keyof typeof customLevels

const names: Record<string, LevelName> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  SUCCESS: 'success',
  WARNING: 'warn',
  WARN: 'warn',
  ERROR: 'error',
  CRITICAL: 'fatal',
  FATAL: 'fatal',
  SILENT: 'silent',
}

/** loguru's level numbers, lowest first, and the pino level that shows the same records. */
const numbers: ReadonlyArray<readonly [number, LevelName]> = [
  [5, 'trace'],
  [10, 'debug'],
  [20, 'info'],
  [25, 'success'],
  [30, 'warn'],
  [40, 'error'],
  [50, 'fatal'],
]

/**
 * Maps a NoneBot/loguru level (name, any case, or number) to pino's. A number shows the records at
 * or above it, as loguru does: 25 shows SUCCESS and up, 15 shows INFO and up, above 50 nothing.
 */
export function toPinoLevel(level: string | number | undefined): LevelName {
  if (level === undefined) return 'info'
  if (typeof level === 'number') {
    for (const [loguru, name] of numbers) if (level <= loguru) return name
    return 'silent'
  }
  return names[level.toUpperCase()] ?? 'info'
}

/** The level names `toPinoLevel` accepts, for config validation messages. */
export const logLevelNames: readonly string[] = Object.keys(names)

/**
 * Creates the host logger. Pretty mode formats in-process (no worker thread that could keep the
 * process alive after stop); pino-pretty is loaded only when pretty mode is chosen.
 *
 * @example
 * const logger = createLogger({ level: 'DEBUG', format: 'json' })
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = toPinoLevel(options.level)
  const toStdout = options.destination === undefined
  const format = options.format ?? (process.stdout.isTTY ? 'pretty' : 'json')
  const settings = { level, customLevels }
  if (format === 'pretty') {
    const colorize =
      options.colorize ?? (toStdout && process.stdout.isTTY === true && process.stdout.hasColors())
    const stream = loadPretty()({
      colorize,
      translateTime: 'HH:MM:ss.l',
      ignore: 'pid,hostname',
      customLevels: 'success:35',
      customColors: 'trace:gray,debug:blue,info:cyan,success:green,warn:yellow,error:red,fatal:bgRed',
      useOnlyCustomProps: false,
      destination: options.destination ?? 1,
      sync: true,
    })
    return asLogger(pino(settings, withTap(stream, options.tap, level)))
  }
  // Asynchronous writes keep logging off the hot path; flushLogger() drains them before exit.
  const out = options.destination ?? pino.destination({ dest: 1, sync: false })
  return asLogger(pino(settings, withTap(out, options.tap, level)))
}

/** The destination, or both it and the tap (pino's multistream), at the logger's level. */
function withTap(
  destination: DestinationStream,
  tap: LoggerOptions['tap'],
  level: LevelName,
): DestinationStream {
  if (!tap) return destination
  const min = level === 'silent' ? 'fatal' : level
  return pino.multistream(
    [
      { stream: destination, level: min as pino.Level },
      { stream: tap, level: min as pino.Level },
    ],
    { levels: { ...pino.levels.values, success: 35 } },
  )
}

/**
 * The `success` level is there at runtime (`LOG_LEVEL=SUCCESS` works) but the host logger keeps
 * pino's plain `Logger` type, which the adapter and plugin contracts use.
 */
function asLogger(logger: pino.Logger<keyof typeof customLevels>): Logger {
  return logger as unknown as Logger
}

/** Writes out buffered log lines (call before `process.exit`). */
export function flushLogger(logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    try {
      logger.flush(() => resolve())
    } catch {
      resolve()
    }
  })
}

/** A logger that writes nothing, for tests and embedding. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' })
}

type PrettyFactory = (options: Record<string, unknown>) => DestinationStream

function loadPretty(): PrettyFactory {
  const required = createRequire(import.meta.url)('pino-pretty') as PrettyFactory | { default: PrettyFactory }
  return typeof required === 'function' ? required : required.default
}
