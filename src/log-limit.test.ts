import { expect, it } from 'vitest'
import { heldBack, LogLimiter } from './log-limit.js'

it('lets one line per key and window through, then reports how many were held back', () => {
  const limiter = new LogLimiter(1000, 2)
  expect(limiter.take('a', 0)).toBe(0)
  expect(limiter.take('a', 10)).toBeUndefined()
  expect(limiter.take('a', 20)).toBeUndefined()
  expect(limiter.take('b', 30)).toBe(0)
  expect(limiter.take('a', 1000)).toBe(2)
  expect(heldBack(2, 60_000)).toBe(' (and 2 more like it in the last 60 s)')
  expect(heldBack(0)).toBe('')
})

it('forgets the oldest key past its bound, so a flood of peers cannot grow it', () => {
  const limiter = new LogLimiter(60_000, 2)
  expect(limiter.take('a', 0)).toBe(0)
  expect(limiter.take('b', 0)).toBe(0)
  expect(limiter.take('c', 0)).toBe(0)
  // `a` was forgotten: it logs again at once.
  expect(limiter.take('a', 1)).toBe(0)
  expect(limiter.take('c', 2)).toBeUndefined()
})
