import { z } from 'zod'
import { parseDriverSpec } from '../driver/driver-spec.js'
import { logLevelNames } from '../log.js'
import { parseDurationMs, parseDurationSeconds } from './duration.js'
import type { ConfigStore } from './store.js'

const stringSet = z
  .union([z.array(z.union([z.string(), z.number()])), z.string(), z.number()])
  .transform((v) => (Array.isArray(v) ? v.map(String) : [String(v)]))

const logLevels = logLevelNames

/** The keys NoneBot's core reads, with NoneBot's defaults. */
export const coreConfigShape = {
  environment: z.string().default('prod'),
  driver: z.string().optional().describe('a NoneBot DRIVER line such as ~fastapi+~httpx+~websockets'),
  log_format: z.enum(['pretty', 'json']).optional().describe('pretty or json'),
  host: z.string().min(1).default('127.0.0.1').describe('a host name or IP address to listen on'),
  port: z
    .union([
      z.number(),
      z
        .string()
        .regex(/^\s*\d+\s*$/)
        .transform(Number),
    ])
    .pipe(z.number().int().min(0).max(65535))
    .default(8080)
    .describe('a TCP port number between 0 and 65535'),
  log_level: z
    .union([z.string(), z.number()])
    .default('INFO')
    .refine((v) => typeof v === 'number' || logLevels.includes(v.toUpperCase()))
    .describe(`a log level (${logLevels.join(', ')}) or a number`),
  api_timeout: z
    .union([z.number().positive(), z.null()])
    .default(30)
    .describe('API_TIMEOUT: a number of seconds above 0, or a bare key (no =) for none'),
  superusers: stringSet.default([]).describe('a JSON array of user ids, e.g. ["123456", "onebot:123456"]'),
  nickname: stringSet.default([]).describe('a JSON array of names, e.g. ["bot"]'),
  command_start: stringSet.default(['/']).describe('a JSON array of command prefixes, e.g. ["/", ""]'),
  command_sep: stringSet.default(['.']).describe('a JSON array of separators, e.g. ["."]'),
  handler_timeout: z
    .union([z.number().positive(), z.null(), z.string().transform(toDuration)])
    .default(300)
    .describe(
      'HANDLER_TIMEOUT: a number of seconds above 0, HH:MM:SS, an ISO 8601 duration (PT5M), or a bare key for none',
    ),
  max_handlers_per_bot: z
    .union([z.number().int().positive(), z.null()])
    .default(1000)
    .describe('MAX_HANDLERS_PER_BOT: a whole number above 0, or a bare key for no limit'),
  session_expire_timeout: z
    .union([z.number().nonnegative(), z.null(), z.string().transform(toDuration)])
    .default(120)
    .describe(
      'SESSION_EXPIRE_TIMEOUT: a number of seconds, HH:MM:SS, an ISO 8601 duration (PT2M), a unit string (2m, 90s), or a bare key for none',
    ),
}

function toDuration(text: string, ctx: z.RefinementCtx): number {
  const seconds = parseDurationSeconds(text)
  if (seconds !== undefined) return seconds
  // Beyond NoneBot: the unit strings code takes (`30s`, `2m`) read the same here.
  const ms = parseDurationMs(text)
  if (ms !== undefined) return ms / 1000
  ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'not a duration' })
  return z.NEVER
}

export type CoreConfig = ReturnType<typeof readCoreConfig>

export function readCoreConfig(store: ConfigStore) {
  const raw = store.section(coreConfigShape)
  return {
    environment: raw.environment,
    /** The `DRIVER` line as written (NoneBot's default when unset). */
    driver: raw.driver ?? '~fastapi+~httpx+~websockets',
    /** The parts `DRIVER` switches on; a wrong line throws `ConfigError` here. */
    driverParts: parseDriverSpec(raw.driver).parts,
    /** `LOG_FORMAT`: undefined means pretty on a TTY, JSON otherwise. */
    logFormat: raw.log_format,
    host: raw.host,
    port: raw.port,
    logLevel: raw.log_level,
    apiTimeoutMs: raw.api_timeout === null ? Number.POSITIVE_INFINITY : raw.api_timeout * 1000,
    superusers: raw.superusers,
    nicknames: raw.nickname,
    commandStart: raw.command_start,
    commandSep: raw.command_sep,
    /** HANDLER_TIMEOUT: how long one turn of a handler may run before it is cancelled. */
    handlerTimeoutMs: raw.handler_timeout === null ? Number.POSITIVE_INFINITY : raw.handler_timeout * 1000,
    /** MAX_HANDLERS_PER_BOT: events one bot may have in handling at once; more are shed. */
    maxHandlersPerBot: raw.max_handlers_per_bot ?? Number.POSITIVE_INFINITY,
    sessionExpireTimeoutMs:
      raw.session_expire_timeout === null ? Number.POSITIVE_INFINITY : raw.session_expire_timeout * 1000,
  }
}
