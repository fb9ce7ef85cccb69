import pino from 'pino'
import { describe, expect, it, vi } from 'vitest'
import { socketPair } from '../../../testing/memory-driver.js'
import { until } from '../../../testing/test-support/wait.js'
import { ActionSocket } from './action-socket.js'
import { classifyFrame } from './frame.js'
import { parseJsonLossless } from './json.js'

function open(heartbeatFactor = 0, onEvent?: (payload: unknown) => void, silentTimeoutMs = 0) {
  const [ours, theirs] = socketPair()
  const logs: string[] = []
  const seen = { events: [] as unknown[], stray: [] as unknown[], closes: [] as [number, string][] }
  const socket = new ActionSocket(
    ours,
    {
      logger: pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line).msg) }),
      label: () => 'test socket',
      read: (data) => classifyFrame(parseJsonLossless(String(data)), 'type'),
      heartbeatFactor,
      heartbeatGraceMs: 0,
      silentTimeoutMs,
    },
    {
      onEvent: (payload) => {
        onEvent?.(payload)
        seen.events.push(payload)
      },
      onStrayResponse: (payload) => seen.stray.push(payload),
      onClose: (code, reason) => seen.closes.push([code, reason]),
    },
  )
  const sent: string[] = []
  theirs.onMessage((data) => sent.push(String(data)))
  return { socket, theirs, sent, seen, logs }
}

describe('ActionSocket', () => {
  it('sends the frame with an echo, settles on the matching response and passes stray ones on', async () => {
    const { socket, theirs, sent, seen } = open()
    const call = socket.request({ action: 'get_status', params: {} }, 'get_status', 1000, JSON.stringify)
    await until(() => sent.length === 1, 'request frame')
    const frame = JSON.parse(sent[0]!) as { echo: string }
    expect(frame).toEqual({ action: 'get_status', params: {}, echo: frame.echo })
    theirs.send(JSON.stringify({ status: 'ok', retcode: 0, data: 1, echo: 'nobody' }))
    theirs.send(JSON.stringify({ status: 'ok', retcode: 0, data: 2, echo: frame.echo }))
    theirs.send(JSON.stringify({ type: 'meta' }))
    expect(await call).toMatchObject({ data: 2 })
    await until(() => seen.events.length === 1, 'event')
    expect(seen.stray).toEqual([{ status: 'ok', retcode: 0, data: 1, echo: 'nobody' }])
  })

  it('logs and drops malformed frames, keeping the connection', async () => {
    const { socket, theirs, seen, logs } = open()
    theirs.send('[1,2]')
    theirs.send(JSON.stringify({ type: 'meta' }))
    await until(() => seen.events.length === 1, 'event after garbage')
    expect(socket.isOpen).toBe(true)
    expect(logs.some((l) => l.includes('test socket: dropped a frame that is') && l.includes('[1,2]'))).toBe(
      true,
    )
  })

  it('drops a frame whose handling throws with one warning, keeping the connection', async () => {
    const { socket, theirs, seen, logs } = open(0, (payload) => {
      if ((payload as { bad?: boolean }).bad) throw new TypeError('Cannot convert object to primitive value')
    })
    theirs.send(JSON.stringify({ type: 'meta', bad: true }))
    theirs.send(JSON.stringify({ type: 'meta', bad: true }))
    theirs.send(JSON.stringify({ type: 'meta' }))
    await until(() => seen.events.length === 1, 'event after the throwing ones')
    expect(socket.isOpen).toBe(true)
    expect(
      logs.filter((l) => l.includes('dropped a frame that could not be handled (TypeError')),
    ).toHaveLength(1)
  })

  it('closes a connection that sends no frame at all within the silent timeout (1008)', async () => {
    const { socket, seen, logs } = open(0, undefined, 30)
    await until(() => seen.closes.length === 1, 'silent close')
    expect(seen.closes[0]![0]).toBe(1008)
    expect(socket.isOpen).toBe(false)
    expect(logs.some((l) => l.includes('sent no frame in 30 ms') && l.includes('WS_SILENT_TIMEOUT'))).toBe(
      true,
    )
  })

  it('keeps a connection whose first frame came before the silent timeout', async () => {
    vi.useFakeTimers()
    try {
      const { socket, theirs, seen } = open(0, undefined, 30)
      theirs.send(JSON.stringify({ type: 'meta' }))
      await vi.advanceTimersByTimeAsync(10)
      expect(seen.events).toHaveLength(1)
      // Only total silence from the start counts: a quiet minute later is fine.
      await vi.advanceTimersByTimeAsync(60_000)
      expect(socket.isOpen).toBe(true)
      expect(seen.closes).toEqual([])
    } finally {
      vi.useRealTimers()
    }
  })

  it('fails pending calls when the peer closes, and refuses new ones', async () => {
    const { socket, theirs, seen } = open()
    const call = socket.request({ action: 'a' }, 'a', 0, JSON.stringify)
    theirs.close(1011, 'boom')
    await expect(call).rejects.toMatchObject({ code: 'E_NETWORK', message: 'test socket closed (1011 boom)' })
    expect(seen.closes).toEqual([[1011, 'boom']])
    await expect(socket.request({ action: 'b' }, 'b', 0, JSON.stringify)).rejects.toMatchObject({
      message: 'test socket is closed',
    })
  })

  it('gives up a connection silent after a heartbeat at once, failing calls with the reason', async () => {
    const { socket, seen, logs } = open(2)
    const call = socket.request({ action: 'a' }, 'a', 0, JSON.stringify)
    socket.heartbeat(20)
    await expect(call).rejects.toMatchObject({ message: 'no heartbeat for 40 ms' })
    expect(seen.closes).toEqual([[4000, 'heartbeat timeout']])
    expect(socket.isOpen).toBe(false)
    expect(logs.some((l) => l.includes('no heartbeat for 40 ms'))).toBe(true)
  })
})
