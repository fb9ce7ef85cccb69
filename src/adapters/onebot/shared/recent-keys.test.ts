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

describe('RecentKeys generations', () => {
  it('remembers a key for at least the TTL however late in a generation it came', () => {
    let now = 0
    const keys = new RecentKeys(100, 1000, () => now)
    now = 49 // the end of the first generation
    expect(keys.seen('late')).toBe(false)
    now = 148 // 99 ms later: still within the TTL
    expect(keys.seen('late')).toBe(true)
    now = 200 // three generations after it: forgotten
    expect(keys.seen('late')).toBe(false)
  })

  it('forgets everything after a long quiet period', () => {
    let now = 0
    const keys = new RecentKeys(100, 1000, () => now)
    for (const k of ['a', 'b', 'c']) keys.seen(k)
    now = 10_000
    expect(keys.seen('a')).toBe(false)
    expect(keys.size).toBe(1)
  })

  it('under a flood stays within maxSize and keeps the newest keys', () => {
    const keys = new RecentKeys(60_000, 300, () => 0)
    for (let i = 0; i < 10_000; i++) keys.seen(`k${i}`)
    expect(keys.size).toBeLessThanOrEqual(300)
    expect(keys.seen('k9999')).toBe(true)
    expect(keys.seen('k0')).toBe(false)
  })
})
