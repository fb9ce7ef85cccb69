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

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
}
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+$/
const DURATION_PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g

/**
 * Milliseconds from a number (already ms) or a short duration: `'500ms'`, `'30s'`, `'10m'`, `'2h'`,
 * `'1d'`, `'1w'`, or several together (`'1h30m'`). Throws a `RangeError` naming the value otherwise.
 * @example toMilliseconds('1h30m') // 5_400_000
 */
export function toMilliseconds(value: number | string): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0) return value
  } else {
    const text = value.trim()
    if (DURATION.test(text)) {
      let total = 0
      for (const [, amount, unit] of text.matchAll(DURATION_PART)) total += Number(amount) * UNIT_MS[unit!]!
      return total
    }
  }
  throw new RangeError(
    `not a duration: ${JSON.stringify(value)} (use milliseconds or e.g. '30s', '10m', '2h', '1d', '1h30m')`,
  )
}
