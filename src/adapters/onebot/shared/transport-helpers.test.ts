import { describe, expect, it, vi } from 'vitest'
import { ConnectionClosed } from '../../../driver/reconnect.js'
import { WsHandshakeError } from '../../../errors.js'
import { ActionCorrelator } from './action-correlator.js'
import { classifyFrame } from './frame.js'
import { HeartbeatWatchdog } from './heartbeat-watchdog.js'
import { parseJsonLossless } from './json.js'
import { RecentKeys } from './recent-keys.js'
import { authRefusal, isAuthFailureFrame } from './ws-auth-failure.js'

describe('parseJsonLossless', () => {
  it('keeps integers beyond 2^53 as strings and leaves the rest alone', () => {
    expect(
      parseJsonLossless(
        '{"a":144115218678093982,"b":-9007199254740993,"c":12,"d":1.5,"e":"1234567890123456789"}',
      ),
    ).toEqual({
      a: '144115218678093982',
      b: '-9007199254740993',
      c: 12,
      d: 1.5,
      e: '1234567890123456789',
    })
  })
  it('throws on malformed JSON on both paths', () => {
    expect(() => parseJsonLossless('{')).toThrow()
    expect(() => parseJsonLossless('{"a":12345678901234567')).toThrow()
  })
})

describe('classifyFrame', () => {
  it('tells events, responses and anything else apart', () => {
    expect(classifyFrame({ post_type: 'notice' }, 'post_type').kind).toBe('event')
    expect(classifyFrame({ status: 'ok', echo: '1' }, 'post_type').kind).toBe('response')
    expect(classifyFrame({ retcode: 1403 }, 'post_type').kind).toBe('response')
    expect(classifyFrame([1], 'post_type').kind).toBe('invalid')
    expect(classifyFrame('x', 'post_type').kind).toBe('invalid')
    expect(classifyFrame({ echo: '7' }, 'post_type').kind).toBe('response')
    expect(classifyFrame({ type: 'message' }, 'post_type')).toMatchObject({
      kind: 'invalid',
      reason: expect.stringContaining('neither post_type nor status'),
    })
    expect(classifyFrame({ type: 'message' }, 'type').kind).toBe('event')
  })
})

describe('ActionCorrelator', () => {
  it('passes NapCat stream progress packets on and settles on the final one', async () => {
    const correlator = new ActionCorrelator()
    const progress: unknown[] = []
    const done = correlator.wait('1', 'upload_file_stream', 1000, (r) => progress.push(r.data))
    correlator.settle({ status: 'ok', echo: '1', stream: 'stream-action', data: { type: 'stream', n: 1 } })
    correlator.settle({
      status: 'ok',
      echo: 1,
      stream: 'stream-action',
      data: { type: 'response', file: 'x' },
    })
    expect(await done).toMatchObject({ data: { type: 'response' } })
    expect(progress).toEqual([{ type: 'stream', n: 1 }])
  })
})

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

describe('HeartbeatWatchdog', () => {
  it('fires after max(factor x interval, interval + grace) of silence, only after a first beat', () => {
    vi.useFakeTimers()
    try {
      const dead: number[] = []
      const watchdog = new HeartbeatWatchdog(2.5, 1000, (ms) => dead.push(ms))
      vi.advanceTimersByTime(100_000)
      expect(dead).toEqual([])
      watchdog.beat(5000)
      vi.advanceTimersByTime(12_000)
      watchdog.beat(5000)
      vi.advanceTimersByTime(12_499)
      expect(dead).toEqual([])
      vi.advanceTimersByTime(1)
      expect(dead).toEqual([12_500])
      watchdog.beat(100)
      watchdog.stop()
      vi.advanceTimersByTime(10_000)
      expect(dead).toEqual([12_500])
    } finally {
      vi.useRealTimers()
    }
  })
  it('counts other frames reported with alive() as signs of life', () => {
    vi.useFakeTimers()
    try {
      const dead: number[] = []
      const watchdog = new HeartbeatWatchdog(3, 0, (ms) => dead.push(ms))
      watchdog.alive() // before the first heartbeat: nothing is armed
      vi.advanceTimersByTime(10_000)
      watchdog.beat(100)
      vi.advanceTimersByTime(250)
      watchdog.alive()
      vi.advanceTimersByTime(299)
      expect(dead).toEqual([])
      vi.advanceTimersByTime(1)
      expect(dead).toEqual([300])
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('authRefusal', () => {
  it('names HTTP 401/403, a 1403 frame before the close, and close 1008; nothing else', () => {
    expect(authRefusal(new WsHandshakeError(401, 'x'), false)).toBe('HTTP 401')
    expect(authRefusal(new WsHandshakeError(403, 'x'), true)).toBe('HTTP 403')
    expect(authRefusal(new WsHandshakeError(500, 'x'), false)).toBeUndefined()
    expect(authRefusal(new ConnectionClosed(1000, ''), true)).toBe('a retcode 1403 frame, then closed')
    expect(authRefusal(new ConnectionClosed(1008, 'bad token'), false)).toBe('closed with 1008 bad token')
    expect(authRefusal(new ConnectionClosed(1006, ''), false)).toBeUndefined()
    expect(authRefusal(new Error('connection closed (1008 x)'), false)).toBeUndefined()
    expect(isAuthFailureFrame({ status: 'failed', retcode: 1403 })).toBe(true)
    expect(isAuthFailureFrame({ status: 'failed', retcode: '1403' })).toBe(true)
    expect(isAuthFailureFrame({ status: 'failed', retcode: 1400 })).toBe(false)
  })
})
