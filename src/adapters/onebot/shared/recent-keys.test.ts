import { describe, expect, it } from 'vitest'
import { RecentKeys } from './recent-keys.js'

describe('RecentKeys', () => {
  it('remembers keys for the TTL and forgets them after', () => {
    let now = 0
    const keys = new RecentKeys(100, 10, () => now)
    expect(keys.seen('a')).toBe(false)
    expect(keys.seen('a')).toBe(true)
    now = 150
    expect(keys.seen('a')).toBe(false)
  })
  it('without a TTL remembers the last N keys and forgets older ones (V12 event ids)', () => {
    const recent = new RecentKeys(Number.POSITIVE_INFINITY, 2)
    expect(recent.seen('a')).toBe(false)
    expect(recent.seen('a')).toBe(true)
    expect(recent.seen('b')).toBe(false)
    expect(recent.seen('c')).toBe(false) // evicts a
    expect(recent.seen('b')).toBe(true)
    expect(recent.seen('a')).toBe(false)
  })
  it('stays bounded', () => {
    const keys = new RecentKeys(1_000_000, 3)
    for (const k of ['a', 'b', 'c', 'd', 'e']) keys.seen(k)
    expect(keys.size).toBeLessThanOrEqual(3)
  })
})
