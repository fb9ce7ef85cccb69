import pino from 'pino'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { LogRateLimiter } from './rate-limit.js'

function capture() {
  const lines: string[] = []
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line).msg) })
  return { logger, lines }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('LogRateLimiter', () => {
  it('writes the first line per key, counts the rest and reports the count when the window ends', () => {
    vi.useFakeTimers()
    const { logger, lines } = capture()
    const limiter = new LogRateLimiter({ windowMs: 1000 })
    for (let i = 1; i <= 5; i++) limiter.log(logger, 'warn', '1.2.3.4', `refused 1.2.3.4 (#${i})`)
    limiter.log(logger, 'warn', '5.6.7.8', 'refused 5.6.7.8')
    expect(lines).toEqual(['refused 1.2.3.4 (#1)', 'refused 5.6.7.8'])
    vi.advanceTimersByTime(1000)
    expect(lines).toEqual([
      'refused 1.2.3.4 (#1)',
      'refused 5.6.7.8',
      'refused 1.2.3.4 (#5) (the last of 4 held back in 1 s)',
    ])
    expect(limiter.size).toBe(1)
    limiter.log(logger, 'warn', '1.2.3.4', 'refused 1.2.3.4 again')
    expect(lines.at(-1)).toBe('refused 1.2.3.4 again')
  })

  it('stays within maxKeys, reporting the forgotten key first', () => {
    vi.useFakeTimers()
    const { logger, lines } = capture()
    const limiter = new LogRateLimiter({ windowMs: 1000, maxKeys: 2 })
    limiter.log(logger, 'warn', 'a', 'a1')
    limiter.log(logger, 'warn', 'a', 'a2')
    limiter.log(logger, 'warn', 'b', 'b1')
    limiter.log(logger, 'warn', 'c', 'c1')
    expect(limiter.size).toBe(2)
    expect(lines).toEqual(['a1', 'b1', 'a2 (the last of 1 held back in 1 s)', 'c1'])
  })

  it('costs nothing when the level is off', () => {
    const { logger, lines } = capture()
    const limiter = new LogRateLimiter()
    limiter.log(logger, 'debug', 'k', 'hidden')
    expect(lines).toEqual([])
    expect(limiter.size).toBe(0)
  })

  it('flush() reports held-back counts at once', () => {
    const { logger, lines } = capture()
    const limiter = new LogRateLimiter({ windowMs: 60_000 })
    limiter.log(logger, 'warn', 'k', 'x')
    limiter.log(logger, 'warn', 'k', 'y')
    limiter.flush()
    expect(lines).toEqual(['x', 'y (the last of 1 held back in 60 s)'])
    expect(limiter.size).toBe(0)
  })
})
