import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { handleShutdownSignals } from './signals.js'

describe('handleShutdownSignals', () => {
  it('stops on the first signal and forces exit on a later one', () => {
    const target = new EventEmitter()
    const calls: string[] = []
    handleShutdownSignals({
      target,
      duplicateWindowMs: 0,
      notify: (level, message) => calls.push(`${level} ${message}`),
      stop: (signal) => calls.push(`stop ${signal}`),
      force: (signal) => calls.push(`force ${signal}`),
    })
    target.emit('SIGTERM', 'SIGTERM')
    target.emit('SIGINT', 'SIGINT')
    expect(calls).toEqual([
      'info received SIGTERM, stopping (send it again to force exit)',
      'stop SIGTERM',
      'warn received SIGINT again, exiting without waiting',
      'force SIGINT',
    ])
  })

  it('ignores the same Ctrl-C forwarded again right away (npm start, tsx)', () => {
    const target = new EventEmitter()
    const calls: string[] = []
    handleShutdownSignals({
      notify: () => {},
      target,
      duplicateWindowMs: 60_000,
      stop: () => calls.push('stop'),
      force: () => calls.push('force'),
    })
    target.emit('SIGINT', 'SIGINT')
    target.emit('SIGINT', 'SIGINT')
    expect(calls).toEqual(['stop'])
  })

  it('removes its listeners when disposed', () => {
    const target = new EventEmitter()
    const dispose = handleShutdownSignals({ notify: () => {}, target, stop: () => {}, force: () => {} })
    expect(target.listenerCount('SIGINT')).toBe(1)
    dispose()
    expect(target.listenerCount('SIGINT')).toBe(0)
    expect(target.listenerCount('SIGTERM')).toBe(0)
  })
})
