import { describe, expect, it, vi } from 'vitest'
import { ActionCorrelator, echoKey } from './action-correlator.js'

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

describe('ActionCorrelator timeouts', () => {
  it('fails each unanswered call at its own deadline, never an answered one', async () => {
    vi.useFakeTimers()
    try {
      const correlator = new ActionCorrelator()
      const outcomes: string[] = []
      const track = (name: string, p: Promise<unknown>) =>
        p.then(
          () => outcomes.push(`${name} ok`),
          (e: { code?: string; message: string }) => outcomes.push(`${name} ${e.code}: ${e.message}`),
        )
      track('slow', correlator.wait('1', 'get_a', 300))
      track('answered', correlator.wait('2', 'get_b', 100))
      track('quick', correlator.wait('3', 'get_c', 100)) // shorter than the armed deadline: re-arms
      track('forever', correlator.wait('4', 'get_d', Number.POSITIVE_INFINITY))
      expect(correlator.settle({ echo: 2, status: 'ok' })).toBe(true)
      await vi.advanceTimersByTimeAsync(100)
      expect(outcomes).toEqual(['answered ok', 'quick E_API_TIMEOUT: action get_c timed out after 100 ms'])
      await vi.advanceTimersByTimeAsync(200)
      expect(outcomes.at(-1)).toBe('slow E_API_TIMEOUT: action get_a timed out after 300 ms')
      expect(correlator.size).toBe(1)
      correlator.failAll(new Error('closed'))
      await vi.advanceTimersByTimeAsync(0)
      expect(outcomes.at(-1)).toBe('forever undefined: closed')
      expect(vi.getTimerCount()).toBe(0)
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('echoKey', () => {
  it('keys strings and numbers; anything else matches nothing and never throws', () => {
    expect(echoKey('7')).toBe('7')
    expect(echoKey(7)).toBe('7')
    expect(echoKey(null)).toBeUndefined()
    expect(echoKey({ toString: 1 })).toBeUndefined()
    expect(echoKey(['7'])).toBeUndefined()
    const correlator = new ActionCorrelator()
    expect(correlator.settle({ echo: { toString: 1 }, status: 'ok' })).toBe(false)
  })
})
