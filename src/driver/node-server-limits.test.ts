// The server's own limits: what a careless or hostile peer gets, and that nothing is buffered first.
import { type Socket as NetSocket, connect as netConnect } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import type { Limits } from '../config/limits.js'
import { NodeServer } from './node-server.js'
import type { Socket } from './types.js'

let server: NodeServer | undefined
const cleanups: Array<() => void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup()
  await server?.close()
  server = undefined
})

async function listening(limits: Partial<Limits>) {
  const refusals: string[] = []
  server = new NodeServer({
    host: '127.0.0.1',
    port: 0,
    limits,
    onRefusal: (_key, message) => refusals.push(message),
  })
  await server.listen()
  return { server, port: server.address()!.port, refusals }
}

function openWs(url: string, options: WebSocket.ClientOptions = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options)
    cleanups.push(() => ws.terminate())
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
  })
}

function closeCode(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)))
}

/** A raw TCP connection that sends `text` and collects what comes back until the server closes. */
function raw(port: number, text: string): { socket: NetSocket; answer: Promise<string> } {
  const socket = netConnect(port, '127.0.0.1')
  cleanups.push(() => socket.destroy())
  socket.write(text)
  const answer = new Promise<string>((resolve) => {
    let data = ''
    socket.on('data', (chunk) => {
      data += chunk.toString()
    })
    socket.on('close', () => resolve(data))
    socket.on('error', () => resolve(data))
  })
  return { socket, answer }
}

describe('HTTP requests', () => {
  it('checks credentials before reading the body: an unauthorised oversized POST gets 401, not 413', async () => {
    const { server, port } = await listening({ maxBodySize: 1024 })
    let handled = 0
    server.route(
      'POST',
      '/in',
      () => {
        handled++
        return { status: 204 }
      },
      { authorize: (head) => (head.headers.authorization ? undefined : { status: 401, body: 'no token' }) },
    )
    const refused = await fetch(`http://127.0.0.1:${port}/in`, { method: 'POST', body: 'x'.repeat(4096) })
    expect(refused.status).toBe(401)
    const big = await fetch(`http://127.0.0.1:${port}/in`, {
      method: 'POST',
      headers: { authorization: 'Bearer t' },
      body: 'x'.repeat(4096),
    })
    expect(big.status).toBe(413)
    expect(handled).toBe(0)
  })

  it('answers 413 by Content-Length before a byte of the body arrives, with one refusal line', async () => {
    const { server, port, refusals } = await listening({ maxBodySize: 1024 })
    server.route('POST', '/in', () => ({ status: 204 }))
    const { answer } = raw(port, 'POST /in HTTP/1.1\r\nHost: x\r\nContent-Length: 67108864\r\n\r\n')
    expect(await answer).toMatch(/^HTTP\/1\.1 413 /)
    expect(refusals).toEqual([
      expect.stringMatching(/refused \(413\): body over 1024 bytes \(MAX_BODY_SIZE\)/),
    ])
  })

  it('answers 408 to headers that never finish (HEADERS_TIMEOUT)', async () => {
    const { port, refusals } = await listening({ headersTimeoutMs: 300, requestTimeoutMs: 300 })
    const { answer } = raw(port, 'GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ')
    expect(await answer).toMatch(/^HTTP\/1\.1 408 /)
    expect(refusals.some((line) => /refused \(408\).*HEADERS_TIMEOUT/.test(line))).toBe(true)
  })

  it('caps unauthenticated connections per address with 503; answered ones no longer count', async () => {
    const { server, port, refusals } = await listening({ maxUnauthenticatedPerAddress: 3 })
    server.route('GET', '/ok', () => ({ status: 200, body: 'ok' }))
    const silent = [1, 2, 3].map(() => raw(port, ''))
    await vi.waitFor(() => expect(refusals).toEqual([]))
    const fourth = raw(port, 'GET /ok HTTP/1.1\r\nHost: x\r\n\r\n')
    expect(await fourth.answer).toMatch(/^HTTP\/1\.1 503 /)
    expect(refusals[0]).toMatch(/refused \(503\).*MAX_UNAUTHENTICATED_PER_ADDRESS/)
    // One silent socket goes away: its slot is free again.
    silent[0]!.socket.destroy()
    await vi.waitFor(async () => {
      const res = await fetch(`http://127.0.0.1:${port}/ok`)
      expect(res.status).toBe(200)
    })
  })
})

describe('WebSockets', () => {
  function echoRoute(server: NodeServer, opened: Socket[] = []) {
    server.ws('/ws', () => ({
      accept: true,
      onOpen: (socket) => {
        opened.push(socket)
        socket.onMessage((data) => socket.send(data))
      },
    }))
    return opened
  }

  it('closes with 1009 on a message over MAX_FRAME_SIZE', async () => {
    const { server, port, refusals } = await listening({ maxFrameSize: 1024 })
    echoRoute(server)
    const ws = await openWs(`ws://127.0.0.1:${port}/ws`)
    const closed = closeCode(ws)
    ws.send('x'.repeat(1025))
    expect(await closed).toBe(1009)
    expect(refusals).toEqual([
      expect.stringMatching(/closed \(1009\): a message over 1024 bytes \(MAX_FRAME_SIZE\)/),
    ])
  })

  it('cuts a peer that does not answer pings (WS_PING_INTERVAL), keeps one that does', async () => {
    const { server, port, refusals } = await listening({ wsPingIntervalMs: 100 })
    echoRoute(server)
    const mute = await openWs(`ws://127.0.0.1:${port}/ws`, { autoPong: false })
    const polite = await openWs(`ws://127.0.0.1:${port}/ws`)
    expect(await closeCode(mute)).toBe(1006)
    expect(refusals).toEqual([expect.stringMatching(/cut: no answer to a ping within 100 ms/)])
    expect(polite.readyState).toBe(WebSocket.OPEN)
  })

  it('closes a peer that stops reading with 1013 once the send buffer stays full; sends stop at once', async () => {
    const { server, port, refusals } = await listening({
      sendBufferLimit: 64 * 1024,
      sendDrainTimeoutMs: 200,
    })
    const opened = echoRoute(server)
    const ws = await openWs(`ws://127.0.0.1:${port}/ws`)
    await vi.waitFor(() => expect(opened).toHaveLength(1))
    const socket = opened[0]!
    const closes: Array<[number, string]> = []
    socket.onClose((code, reason) => closes.push([code, reason]))
    ws.pause()
    const chunk = 'x'.repeat(16 * 1024)
    // Far more than the kernel buffers plus the limit: the peer reads none of it.
    for (let i = 0; i < 4096 && socket.isOpen; i++) socket.send(chunk)
    expect(socket.isOpen).toBe(false)
    await vi.waitFor(() => expect(closes).toHaveLength(1))
    expect(closes[0]![0]).toBe(1013)
    expect(closes[0]![1]).toMatch(/not reading/)
    expect(refusals).toEqual([expect.stringMatching(/closed \(1013\): .*SEND_BUFFER_LIMIT/)])
  })

  it('lets a slow reader catch up: frames wait for the drain instead of failing', async () => {
    const { server, port } = await listening({ sendBufferLimit: 64 * 1024, sendDrainTimeoutMs: 5000 })
    const opened = echoRoute(server)
    const ws = await openWs(`ws://127.0.0.1:${port}/ws`)
    await vi.waitFor(() => expect(opened).toHaveLength(1))
    let received = 0
    ws.on('message', () => {
      received++
    })
    ws.pause()
    const socket = opened[0]!
    for (let i = 0; i < 64; i++) socket.send('y'.repeat(4096))
    ws.resume()
    await vi.waitFor(() => expect(received).toBe(64))
    expect(socket.isOpen).toBe(true)
  })
})
