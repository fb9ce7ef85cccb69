/**
 * Durations as NoneBot (pydantic's timedelta) reads them, in seconds: a number of seconds,
 * `[D day[s], ][[HH:]MM:]SS[.ffffff]`, or ISO 8601 `P[nD][T[nH][nM][nS]]`. Undefined when the text
 * is none of these.
 */
export function parseDurationSeconds(text: string): number | undefined {
  const trimmed = text.trim()
  const clock = CLOCK.exec(trimmed)
  if (clock) {
    const [, days, hours, minutes, seconds] = clock
    return num(days) * 86_400 + num(hours) * 3600 + num(minutes) * 60 + num(seconds)
  }
  const iso = ISO_8601.exec(trimmed)
  if (iso && trimmed !== 'P' && !trimmed.endsWith('T')) {
    const [, days, hours, minutes, seconds] = iso
    return num(days) * 86_400 + num(hours) * 3600 + num(minutes) * 60 + num(seconds)
  }
  return undefined
}

const CLOCK = /^(?:(\d+) days?,? )?(?:(?:(\d+):)?(\d+):)?(\d+(?:\.\d+)?)$/
const ISO_8601 =
  /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/

function num(part: string | undefined): number {
  return part === undefined ? 0 : Number(part)
}

export type DurationUnit = 'ms' | 's' | 'm' | 'h' | 'd'

/**
 * A duration in code: a number of milliseconds (as `setTimeout` takes), or a string with units:
 * `'500ms'`, `'30s'`, `'2m'`, `'1h'`, `'1d'`, `'1m30s'`. (In `.env`, a bare number is seconds, as
 * in NoneBot; see `SESSION_EXPIRE_TIMEOUT`.)
 */
export type Duration =
  | number
  | `${number}${DurationUnit}`
  | `${number}${DurationUnit}${number}${DurationUnit}`
  | `${number}${DurationUnit}${number}${DurationUnit}${number}${DurationUnit}`

const UNIT_MS: Readonly<Record<DurationUnit, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
}
const UNIT_PART = /(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)/y
const UNIT_STRING = /^\s*(?:\d+(?:\.\d+)?\s*(?:ms|s|m|h|d)\s*)+$/

/** Milliseconds of a unit string (`'30s'`, `'2m'`, `'1h30m'`, `'250ms'`); undefined when it is not one. */
export function parseDurationMs(text: string): number | undefined {
  if (!UNIT_STRING.test(text)) return undefined
  const compact = text.replace(/\s+/g, '')
  let total = 0
  UNIT_PART.lastIndex = 0
  for (let part = UNIT_PART.exec(compact); part; part = UNIT_PART.exec(compact)) {
    total += Number(part[1]) * UNIT_MS[part[2] as DurationUnit]
  }
  return total
}

/**
 * A `Duration` in milliseconds. Throws a `RangeError` naming `what` for a negative or non-finite
 * number or a string without units, because a wrong duration is a bug at the call site.
 */
export function durationMs(duration: Duration, what = 'duration'): number {
  if (typeof duration === 'number') {
    if (Number.isFinite(duration) && duration >= 0) return duration
  } else {
    const ms = parseDurationMs(String(duration))
    if (ms !== undefined) return ms
  }
  throw new RangeError(
    `${what}: ${JSON.stringify(duration)} is not a duration (milliseconds, or a string like "30s", "2m", "1h30m")`,
  )
}
