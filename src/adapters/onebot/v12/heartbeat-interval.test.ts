import { describe, expect, it } from 'vitest'
import { readHeartbeatInterval } from './heartbeat-interval.js'

describe('readHeartbeatInterval', () => {
  it('reads walle-q intervals as seconds, whatever their size', () => {
    expect(readHeartbeatInterval(4, 'walle-q')).toEqual({
      ms: 4000,
      inferred: 'walle-q sends the heartbeat interval in seconds',
    })
    expect(readHeartbeatInterval(5000, 'Walle-Q')?.ms).toBe(5_000_000)
  })

  it('reads other implementations as milliseconds (the spec), below 1000 as seconds', () => {
    expect(readHeartbeatInterval(5000, 'ComWeChat')).toEqual({ ms: 5000 })
    expect(readHeartbeatInterval(1000, undefined)).toEqual({ ms: 1000 })
    expect(readHeartbeatInterval(30, undefined)).toEqual({
      ms: 30_000,
      inferred: '30 ms is implausibly short, so it is taken as seconds',
    })
    expect(readHeartbeatInterval('4', undefined)?.ms).toBe(4000)
  })

  it('ignores values that are no interval', () => {
    for (const value of [0, -1, Number.NaN, '', 'soon', null, undefined, {}]) {
      expect(readHeartbeatInterval(value, 'walle-q')).toBeUndefined()
    }
  })
})
