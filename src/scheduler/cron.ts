import { createRequire } from 'node:module'

// croner is loaded on the first `ctx.cron`, synchronously, so a wrong expression throws at the call.
const require = createRequire(import.meta.url)

/**
 * The next-run function of a cron expression (5 fields, or 6 with seconds; croner's syntax), in
 * `tz` (an IANA zone such as `Asia/Shanghai`; default the process's zone). It asks croner for the
 * run after a given time, so the app's clock (a fake one in tests) decides what "now" is.
 */
export function cronSchedule(expression: string, tz?: string): (after: number) => number | undefined {
  const { Cron } = require('croner') as typeof import('croner')
  const cron = new Cron(expression, { timezone: tz, paused: true })
  return (after) => cron.nextRun(new Date(after))?.getTime()
}
