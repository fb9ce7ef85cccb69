import { request as httpRequest } from 'node:http'
import { connect as netConnect } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { NodeServer, type NodeServerOptions } from './node-server.js'

let server: NodeServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function listening(
  options: Partial<NodeServerOptions> = {},
): Promise<{ server: NodeServer; base: string }> {
  server = new NodeServer({ host: '127.0.0.1', port: 0, ...options })
  await server.listen()
  return { server, base: `127.0.0.1:${server.address()!.port}` }
}

function openWs(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url)
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
  })
}

function nextClose(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)))
}

/** POSTs with `Transfer-Encoding: chunked`, so the server cannot know the size up front. */
function postChunked(url: string, chunks: readonly Buffer[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST' }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('error', reject)
    for (const chunk of chunks) req.write(chunk)
    req.end()
  })
}

describe('NodeServer', () => {
  it('reports its bound address only while listening', async () => {
    server = new NodeServer({ host: '127.0.0.1', port: 0 })
    expect(server.address()).toBeUndefined()
    await server.listen()
    const address = server.address()!
    expect(address.host).toBe('127.0.0.1')
    expect(address.port).toBeGreaterThan(0)
    await server.close()
    expect(server.address()).toBeUndefined()
  })

  it('serves many routes at once, each with its own handler', async () => {
    const { server, base } = await listening()
    for (let i = 0; i < 40; i++) server.route('GET', `/r/${i}`, () => ({ status: 200, body: `route ${i}` }))
    const bodies = await Promise.all(
      Array.from({ length: 40 }, (_, i) => fetch(`http://${base}/r/${i}`).then((r) => r.text())),
    )
    expect(bodies).toEqual(Array.from({ length: 40 }, (_, i) => `route ${i}`))
  })

  it('answers 405 with Allow for a method the path does not serve, and * matches any method', async () => {
    const { server, base } = await listening()
    server.route('POST', '/only-post', () => ({ status: 204 }))
    server.route('*', '/any', (req) => ({ status: 200, body: req.method }))
    const wrong = await fetch(`http://${base}/only-post`)
    expect(wrong.status).toBe(405)
    expect(wrong.headers.get('allow')).toBe('POST')
    expect((await fetch(`http://${base}/only-post`, { method: 'POST' })).status).toBe(204)
    expect(await (await fetch(`http://${base}/any`, { method: 'PUT' })).text()).toBe('PUT')
  })

  it('answers 404 for an unknown path and after a route is disposed', async () => {
    const { server, base } = await listening()
    const dispose = server.route('GET', '/x', () => ({ status: 200 }))
    expect((await fetch(`http://${base}/x`)).status).toBe(200)
    dispose()
    expect((await fetch(`http://${base}/x`)).status).toBe(404)
    expect((await fetch(`http://${base}/nothing`)).status).toBe(404)
  })

  it('answers 426 Upgrade Required to a plain GET on a WebSocket route', async () => {
    const { server, base } = await listening()
    server.ws('/ws', () => ({ accept: false, status: 403, reason: 'no' }))
    const res = await fetch(`http://${base}/ws`)
    expect(res.status).toBe(426)
    expect(res.headers.get('upgrade')).toBe('websocket')
  })

  it('refuses an upgrade to a path without a WebSocket route with 404, and says what is served', async () => {
    const notices: string[] = []
    const { server, base } = await listening({ onUnknownPath: (m) => notices.push(m) })
    server.ws('/onebot/v11/ws', () => ({ accept: false, status: 403, reason: 'x' }))
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://${base}/none`)
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
      ws.on('error', () => {})
    })
    expect(status).toBe(404)
    expect(notices).toEqual([
      'WebSocket upgrade to /none refused (404): nothing is served there; served: /onebot/v11/ws',
    ])
  })

  it('reports a POST to an unknown path, but not a stray GET', async () => {
    const notices: string[] = []
    const { server, base } = await listening({ onUnknownPath: (m) => notices.push(m) })
    server.route('POST', '/onebot/v11/http', () => ({ status: 204 }))
    expect((await fetch(`http://${base}/favicon.ico`)).status).toBe(404)
    expect((await fetch(`http://${base}/onebot/v11/htp`, { method: 'POST', body: '{}' })).status).toBe(404)
    expect(notices).toEqual([
      'HTTP POST to /onebot/v11/htp refused (404): nothing is served there; served: /onebot/v11/http',
    ])
  })

  it('rejects a body over maxBodySize with 413, by Content-Length or while streaming', async () => {
    const { server, base } = await listening({ limits: { maxBodySize: 1024 } })
    let calls = 0
    server.route('POST', '/in', (req) => {
      calls++
      return { status: 200, body: String(req.body.length) }
    })
    const fits = await fetch(`http://${base}/in`, { method: 'POST', body: 'x'.repeat(1024) })
    expect(await fits.text()).toBe('1024')
    const declared = await fetch(`http://${base}/in`, { method: 'POST', body: 'x'.repeat(1025) })
    expect(declared.status).toBe(413)
    const streamed = await postChunked(`http://${base}/in`, [Buffer.alloc(600), Buffer.alloc(600)])
    expect(streamed).toBe(413)
    expect(calls).toBe(1)
  })

  it('answers 500 and reports the error when a handler throws', async () => {
    const errors: string[] = []
    const { server, base } = await listening({ onError: (_e, where) => errors.push(where) })
    server.route('GET', '/boom', () => {
      throw new Error('boom')
    })
    expect((await fetch(`http://${base}/boom`)).status).toBe(500)
    expect(errors).toEqual(['http request'])
  })

  it('holds many concurrent WebSocket connections on one route', async () => {
    const { server, base } = await listening()
    server.ws('/ws', () => ({
      accept: true,
      onOpen: (socket) => socket.onMessage((data) => socket.send(`${socket.id}:${String(data)}`)),
    }))
    const clients = await Promise.all(Array.from({ length: 30 }, () => openWs(`ws://${base}/ws`)))
    const replies = await Promise.all(
      clients.map(
        (ws, i) =>
          new Promise<string>((resolve) => {
            ws.once('message', (data) => resolve(String(data)))
            ws.send(`hello ${i}`)
          }),
      ),
    )
    replies.forEach((reply, i) => {
      expect(reply).toMatch(new RegExp(`^\\d+:hello ${i}$`))
    })
    expect(new Set(replies.map((r) => r.split(':')[0])).size).toBe(30)
    for (const ws of clients) ws.close()
  })

  it('closes the socket with 1011 when the route’s onOpen throws', async () => {
    const errors: string[] = []
    const { server, base } = await listening({ onError: (_e, where) => errors.push(where) })
    server.ws('/ws', () => ({
      accept: true,
      onOpen: () => {
        throw new Error('bad handler')
      },
    }))
    const ws = new WebSocket(`ws://${base}/ws`)
    expect(await nextClose(ws)).toBe(1011)
    expect(errors).toContain('websocket open')
  })

  it('closes WebSocket clients with 1001 and stops accepting connections on close', async () => {
    const { server, base } = await listening()
    server.ws('/ws', () => ({ accept: true, onOpen: () => {} }))
    server.route('GET', '/ok', () => ({ status: 200 }))
    const ws = await openWs(`ws://${base}/ws`)
    await fetch(`http://${base}/ok`) // leaves an idle keep-alive connection behind
    const closed = nextClose(ws)
    await server.close()
    expect(await closed).toBe(1001)
    await expect(fetch(`http://${base}/ok`)).rejects.toThrow()
  })

  it('cuts a WebSocket peer that never answers the close handshake', async () => {
    const { server, base } = await listening()
    server.ws('/ws', () => ({ accept: true, onOpen: () => {} }))
    const [host, port] = base.split(':') as [string, string]
    const raw = netConnect(Number(port), host)
    const upgraded = new Promise<void>((resolve) => raw.once('data', () => resolve()))
    raw.write(
      'GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    )
    await upgraded
    const ended = new Promise<void>((resolve) => raw.once('close', () => resolve()))
    await server.close()
    await ended
  })
})
