import { describe, expect, it } from 'vitest'
import { type Duration, durationMs, parseDurationMs, parseDurationSeconds } from './duration.js'

describe('parseDurationSeconds (NoneBot/pydantic timedelta forms)', () => {
  it.each([
    ['120', 120],
    ['1.5', 1.5],
    ['02:00', 120],
    ['01:02:03', 3723],
    ['1 day, 00:00:10', 86_410],
    ['2 days 01:00:00', 2 * 86_400 + 3600],
    ['PT2M', 120],
    ['P1DT1H', 90_000],
    ['PT0.5S', 0.5],
    ['P1D', 86_400],
  ])('reads %s as %d seconds', (text, seconds) => {
    expect(parseDurationSeconds(text)).toBe(seconds)
  })

  it.each(['2min', '', 'P', 'PT', '-5', '1:2:3:4', 'soon'])('rejects %j', (text) => {
    expect(parseDurationSeconds(text)).toBeUndefined()
  })
})

describe('parseDurationMs (unit strings, as code writes durations)', () => {
  it.each([
    ['250ms', 250],
    ['30s', 30_000],
    ['1.5s', 1500],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['1m30s', 90_000],
    ['1h 30m', 5_400_000],
    ['1m5ms', 60_005],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms)
  })

  it.each(['30', '', 's', '2 min', '-5s', '1x', '1m30', 'PT2M'])('rejects %j', (text) => {
    expect(parseDurationMs(text)).toBeUndefined()
  })
})

describe('durationMs', () => {
  it('takes milliseconds as numbers and unit strings', () => {
    expect(durationMs(1500)).toBe(1500)
    expect(durationMs('2m')).toBe(120_000)
  })

  it('names the option in the error for a bad value', () => {
    expect(() => durationMs(-1, 'prompt timeout')).toThrow(
      'prompt timeout: -1 is not a duration (milliseconds, or a string like "30s", "2m", "1h30m")',
    )
    expect(() => durationMs(Number.NaN)).toThrow(RangeError)
    expect(() => durationMs('30' as Duration, 'expireTime')).toThrow('expireTime: "30" is not a duration')
  })

  it('types unit strings and refuses others at compile time', () => {
    const ok: Duration[] = [30_000, '30s', '2m', '1m30s', '1h30m15s', '250ms']
    // @ts-expect-error a string without a unit is not a Duration
    const bare: Duration = '30'
    // @ts-expect-error nor is an unknown unit
    const weeks: Duration = '2w'
    expect([...ok, bare, weeks].length).toBe(8)
  })
})
