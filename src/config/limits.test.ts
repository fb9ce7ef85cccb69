import { describe, expect, it } from 'vitest'
import { defaultLimits, readLimits } from './limits.js'
import { ConfigStore } from './store.js'

describe('limit keys', () => {
  it('default to values a real implementation never reaches', () => {
    expect(defaultLimits).toMatchObject({
      maxBodySize: 4 * 1024 * 1024,
      maxFrameSize: 32 * 1024 * 1024,
      maxJsonDepth: 128,
      sendBufferLimit: 8 * 1024 * 1024,
      sendDrainTimeoutMs: 10_000,
      wsPingIntervalMs: 30_000,
      wsSilentTimeoutMs: 60_000,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      maxUnauthenticatedPerAddress: 64,
    })
  })

  it('read sizes as bytes or with binary units, and times as seconds', () => {
    const limits = readLimits(
      new ConfigStore({
        MAX_BODY_SIZE: '512KiB',
        max_frame_size: '1.5MB',
        send_buffer_limit: 2048,
        ws_ping_interval: 0,
      }),
    )
    expect(limits.maxBodySize).toBe(512 * 1024)
    expect(limits.maxFrameSize).toBe(1.5 * 1024 * 1024)
    expect(limits.sendBufferLimit).toBe(2048)
    expect(limits.wsPingIntervalMs).toBe(0)
  })

  it('refuse a wrong value with one line naming the key', () => {
    expect(() => readLimits(new ConfigStore({ max_body_size: 'lots' }))).toThrow(
      'Invalid configuration MAX_BODY_SIZE="lots": expected MAX_BODY_SIZE: a number of bytes or a size such as 4MiB or 512KiB',
    )
    expect(() => readLimits(new ConfigStore({ max_json_depth: 2 }))).toThrow(/MAX_JSON_DEPTH=2/)
  })
})
