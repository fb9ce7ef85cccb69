import { z } from 'zod'
import { parseDurationMs, parseDurationSeconds } from '../config/duration.js'
import type { ConfigStore } from '../config/store.js'

const duration = z
  .union([
    z.number().nonnegative(),
    z.string().transform((text, ctx) => {
      const seconds = parseDurationSeconds(text)
      if (seconds !== undefined) return seconds
      const ms = parseDurationMs(text)
      if (ms !== undefined) return ms / 1000
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'not a duration' })
      return z.NEVER
    }),
  ])
  .describe('a number of seconds or a duration such as 30m, 2h')

export const consoleConfigShape = {
  console: z
    .enum(['auto', 'on', 'off'])
    .default('auto')
    .describe('auto (on for a loopback HOST, or when CONSOLE_TOKEN is set), on or off'),
  console_token: z.union([z.string(), z.number().transform(String)]).optional(),
  metrics: z.boolean().default(true).describe('true or false'),
  bot_silent_after: duration.default(1800),
}

export interface ConsoleSettings {
  /** Serve /console/. */
  readonly enabled: boolean
  /** Why it is off, for the start-up log. */
  readonly offReason: string | undefined
  readonly token: string | undefined
  /** Serve /metrics. */
  readonly metrics: boolean
  /** A connected bot with heartbeats but no message for this long is flagged. */
  readonly silentAfterMs: number
}

/** 127.0.0.0/8, ::1 and localhost: only this machine can reach the console there. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)
}

export function readConsoleSettings(config: ConfigStore, host: string): ConsoleSettings {
  const raw = config.section(consoleConfigShape)
  const token = raw.console_token === undefined || raw.console_token === '' ? undefined : raw.console_token
  let enabled = raw.console === 'on' || (raw.console === 'auto' && (isLoopback(host) || token !== undefined))
  let offReason: string | undefined
  if (raw.console === 'off') offReason = 'CONSOLE=off'
  else if (!enabled) offReason = `HOST=${host} is not a loopback address and CONSOLE_TOKEN is not set`
  if (enabled && !token && !isLoopback(host)) {
    // CONSOLE=on on a public address without a token would hand the bot to anyone.
    enabled = false
    offReason = `HOST=${host} is not a loopback address: set CONSOLE_TOKEN to serve the console there`
  }
  return {
    enabled,
    offReason,
    token,
    metrics: raw.metrics,
    silentAfterMs: raw.bot_silent_after * 1000,
  }
}
