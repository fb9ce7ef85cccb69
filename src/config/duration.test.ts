import { describe, expect, it } from 'vitest'
import { parseDurationSeconds, toMilliseconds } from './duration.js'

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

describe('toMilliseconds (ttl and scheduler durations)', () => {
  it.each([
    [250, 250],
    ['500ms', 500],
    ['30s', 30_000],
    ['10m', 600_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1w', 604_800_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1500],
  ] as const)('reads %j as %d ms', (value, ms) => {
    expect(toMilliseconds(value)).toBe(ms)
  })

  it.each(['', '10', '1y', '5 minutes', 'm', -1, Number.NaN])('rejects %j, naming it', (value) => {
    expect(() => toMilliseconds(value)).toThrow(/not a duration/)
  })
})
