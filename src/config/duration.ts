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
