import { afterEach, describe, expect, it } from 'vitest'
import { NetworkError } from '../errors.js'
import { NodeServer } from './node-server.js'
import { backoffDelay, keepConnected } from './reconnect.js'
import type { Socket } from './types.js'
import { NodeWsClient } from './ws-client.js'

describe('backoffDelay', () => {
  const middle = () => 0.5 // no jitter spread

  it('grows by the factor from the initial delay and stops at the cap', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 20].map((n) => backoffDelay(n, {}, middle))
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000])
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, { initialMs: 10, maxMs: 50, factor: 3 }, middle))).toEqual(
      [10, 30, 50, 50],
    )
  })

  it('spreads each delay by the jitter fraction, never past the cap or below zero', () => {
    expect(backoffDelay(1, { jitter: 0.2 }, () => 0)).toBe(800)
    expect(backoffDelay(1, { jitter: 0.2 }, () => 1)).toBe(1200)
    expect(backoffDelay(10, { jitter: 0.2 }, () => 1)).toBe(30000)
    expect(backoffDelay(10, { jitter: 0.2 }, () => 0)).toBe(24000)
    expect(backoffDelay(1, { jitter: 1 }, () => 0)).toBe(0)
  })

  it('treats attempt 0 or below as the first', () => {
    expect(backoffDelay(0, {}, middle)).toBe(1000)
    expect(backoffDelay(-3, {}, middle)).toBe(1000)
  })
})

describe('keepConnected', () => {
  let server: NodeServer | undefined
  let client: NodeWsClient | undefined
  const disposers: Array<() => void> = []
  afterEach(async () => {
    for (const dispose of disposers.splice(0)) dispose()
    await client?.closeAll()
    await server?.close()
    server = undefined
    client = undefined
  })

  /** A server whose WebSocket route hands each accepted socket to `onSocket`. */
  async function serve(onSocket: (socket: Socket, index: number) => void): Promise<string> {
    server = new NodeServer({ host: '127.0.0.1', port: 0 })
    let count = 0
    server.ws('/ws', () => ({ accept: true, onOpen: (socket) => onSocket(socket, count++) }))
    await server.listen()
    return `ws://127.0.0.1:${server.address()!.port}/ws`
  }

  const fast = { initialMs: 5, maxMs: 20, factor: 2, jitter: 0 }

  it('reconnects after the server drops the connection, with growing capped delays', async () => {
    const url = await serve((socket) => socket.close(1000, 'go away'))
    client = new NodeWsClient()
    const delays: number[] = []
    let opens = 0
    await new Promise<void>((resolve) => {
      disposers.push(
        keepConnected(
          client!,
          url,
          { backoff: fast },
          {
            onOpen: () => {
              opens++
            },
            onRetry: (error, attempt, delay) => {
              expect((error as Error).message).toContain('connection closed (1000 go away)')
              expect(attempt).toBe(delays.length + 1)
              delays.push(delay)
              if (delays.length === 5) resolve()
            },
          },
        ),
      )
    })
    expect(delays).toEqual([5, 10, 20, 20, 20])
    expect(opens).toBeGreaterThanOrEqual(5)
  })

  it('resets the backoff once the connection is reported healthy', async () => {
    const url = await serve((socket, index) => {
      if (index < 3) socket.close(1000, 'drop')
    })
    client = new NodeWsClient()
    const attempts: number[] = []
    let healthyOpen!: () => void
    const becameHealthy = new Promise<void>((resolve) => {
      healthyOpen = resolve
    })
    let opens = 0
    const dispose = keepConnected(
      client,
      url,
      { backoff: fast },
      {
        onOpen: (_socket, healthy) => {
          opens++
          if (opens === 2) healthy()
          if (opens === 4) healthyOpen()
        },
        onRetry: (_error, attempt) => attempts.push(attempt),
      },
    )
    disposers.push(dispose)
    await becameHealthy
    // Open 1 drops (attempt 1); open 2 is healthy, then drops (back to attempt 1); open 3 drops (attempt 2).
    expect(attempts).toEqual([1, 1, 2])
  })

  it('keeps retrying while nothing listens, reporting NetworkError', async () => {
    const probe = new NodeServer({ host: '127.0.0.1', port: 0 })
    await probe.listen()
    const port = probe.address()!.port
    await probe.close()
    client = new NodeWsClient()
    const errors: unknown[] = []
    await new Promise<void>((resolve) => {
      disposers.push(
        keepConnected(
          client!,
          `ws://127.0.0.1:${port}/`,
          { backoff: fast },
          {
            onOpen: () => {},
            onRetry: (error) => {
              errors.push(error)
              if (errors.length === 3) resolve()
            },
          },
        ),
      )
    })
    for (const error of errors) expect(error).toBeInstanceOf(NetworkError)
  })

  it('stops for good when disposed: closes the socket with 1000 and does not dial again', async () => {
    let serverSide: Socket | undefined
    const closed = new Promise<number>((resolve) => {
      void serve((socket) => {
        serverSide = socket
        socket.onClose((code) => resolve(code))
      }).then((url) => {
        client = new NodeWsClient()
        const dispose = keepConnected(
          client,
          url,
          { backoff: fast },
          {
            onOpen: () => dispose(),
            onRetry: () => {
              throw new Error('must not retry after dispose')
            },
          },
        )
      })
    })
    expect(await closed).toBe(1000)
    expect(serverSide).toBeDefined()
  })

  it('survives an onOpen handler that throws: the connection is dropped and retried', async () => {
    const url = await serve(() => {})
    client = new NodeWsClient()
    let opens = 0
    const retried = await new Promise<unknown>((resolve) => {
      disposers.push(
        keepConnected(
          client!,
          url,
          { backoff: fast },
          {
            onOpen: () => {
              opens++
              if (opens === 1) throw new Error('handler bug')
            },
            onRetry: (error) => resolve(error),
          },
        ),
      )
    })
    expect((retried as Error).message).toBe('handler bug')
  })
})
