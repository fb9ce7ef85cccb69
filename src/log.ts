import pino, { type Logger } from 'pino'

export type { Logger }

export interface LoggerOptions {
  /** NoneBot level name (INFO, WARNING, SUCCESS...) or pino level. @default 'INFO' */
  level?: string | number
  /** `pretty` for coloured lines, `json` for one JSON object per line. @default pretty on a TTY */
  format?: 'pretty' | 'json'
}

const levelMap: Record<string, pino.LevelWithSilent> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  SUCCESS: 'info',
  WARNING: 'warn',
  WARN: 'warn',
  ERROR: 'error',
  CRITICAL: 'fatal',
  FATAL: 'fatal',
  SILENT: 'silent',
}

/** Maps a NoneBot/loguru level (name or number) to pino's. */
export function toPinoLevel(level: string | number | undefined): pino.LevelWithSilent {
  if (level === undefined) return 'info'
  if (typeof level === 'number') {
    if (level <= 5) return 'trace'
    if (level <= 10) return 'debug'
    if (level <= 25) return 'info'
    if (level <= 30) return 'warn'
    if (level <= 40) return 'error'
    return 'fatal'
  }
  return levelMap[level.toUpperCase()] ?? 'info'
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = toPinoLevel(options.level)
  const format = options.format ?? (process.stdout.isTTY ? 'pretty' : 'json')
  if (format === 'pretty') {
    return pino({
      level,
      transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' } },
    })
  }
  return pino({ level })
}

/** A logger that writes nothing, for tests and embedding. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' })
}
