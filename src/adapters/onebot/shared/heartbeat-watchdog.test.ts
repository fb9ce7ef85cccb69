import { describe, expect, it, vi } from 'vitest'
import { HeartbeatWatchdog } from './heartbeat-watchdog.js'

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
