import { expect, it } from 'vitest'
import { RecentIds } from './recent-ids.js'

it('remembers the last N keys and forgets older ones', () => {
  const recent = new RecentIds(2)
  expect(recent.add('a')).toBe(true)
  expect(recent.add('a')).toBe(false)
  expect(recent.add('b')).toBe(true)
  expect(recent.add('c')).toBe(true) // evicts a
  expect(recent.add('b')).toBe(false)
  expect(recent.add('a')).toBe(true)
})
