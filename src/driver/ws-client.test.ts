import { createServer as createNetServer, type Server as NetServer } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { NetworkError, WsHandshakeError } from '../errors.js'
import { NodeWsClient } from './ws-client.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function wsServer(): Promise<{ wss: WebSocketServer; url: string }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await new Promise<void>((resolve) => wss.once('listening', resolve))
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate()
        wss.close(() => resolve())
      }),
  )
  const { port } = wss.address() as { port: number }
  return { wss, url: `ws://127.0.0.1:${port}` }
}

/** A TCP server that accepts connections and never answers: handshakes hang. */
async function silentServer(): Promise<string> {
  const sockets = new Set<import('node:net').Socket>()
  const server: NetServer = createNetServer((socket) => {
    sockets.add(socket)
    socket.on('error', () => {})
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  )
  const { port } = server.address() as { port: number }
  return `ws://127.0.0.1:${port}/`
}

describe('NodeWsClient', () => {
  it('sends and receives text as strings and binary as bytes, with headers on the handshake', async () => {
    const { wss, url } = await wsServer()
    let auth: string | undefined
    wss.on('connection', (ws, req) => {
      auth = req.headers.authorization
      ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }))
    })
    const client = new NodeWsClient()
    cleanups.push(() => client.closeAll())
    const socket = await client.connect(url, { headers: { authorization: 'Bearer t' } })
    expect(auth).toBe('Bearer t')
    const received: Array<string | Uint8Array> = []
    const two = new Promise<void>((resolve) =>
      socket.onMessage((data) => {
        received.push(data)
        if (received.length === 2) resolve()
      }),
    )
    socket.send('text')
    socket.send(new Uint8Array([1, 2, 3]))
    await two
    expect(received[0]).toBe('text')
    expect(received[1]).toBeInstanceOf(Uint8Array)
    expect([...(received[1] as Uint8Array)]).toEqual([1, 2, 3])
  })

  it('rejects a refused upgrade with WsHandshakeError carrying the status', async () => {
    const { wss, url } = await wsServer()
    wss.options.verifyClient = (_info, done) => done(false, 403, 'Forbidden')
    const error = await new NodeWsClient().connect(url).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WsHandshakeError)
    expect((error as WsHandshakeError).status).toBe(403)
    expect((error as WsHandshakeError).code).toBe('E_WS_HANDSHAKE')
  })

  it('rejects with NetworkError when nothing listens, or the URL is bad', async () => {
    const probe = createNetServer()
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    const { port } = probe.address() as { port: number }
    await new Promise((resolve) => probe.close(resolve))
    const refused = await new NodeWsClient().connect(`ws://127.0.0.1:${port}/`).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(NetworkError)
    expect((refused as NetworkError).code).toBe('E_NETWORK')
    const bad = await new NodeWsClient().connect('not a url').catch((e: unknown) => e)
    expect(bad).toBeInstanceOf(NetworkError)
  })

  it('gives up a handshake that takes longer than timeoutMs', async () => {
    const url = await silentServer()
    const error = await new NodeWsClient().connect(url, { timeoutMs: 100 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkError)
    expect((error as Error).message).toMatch(/timed out/)
  })

  it('closeAll closes open sockets with 1001 and aborts handshakes in progress', async () => {
    const { wss, url } = await wsServer()
    const serverSaw = new Promise<number>((resolve) =>
      wss.on('connection', (ws) => ws.on('close', (code) => resolve(code))),
    )
    const client = new NodeWsClient()
    const socket = await client.connect(url)
    const clientSaw = new Promise<number>((resolve) => socket.onClose((code) => resolve(code)))
    const hanging = client.connect(await silentServer()).catch((e: unknown) => e)
    await client.closeAll()
    expect(await serverSaw).toBe(1001)
    expect(await clientSaw).toBe(1001)
    expect(socket.isOpen).toBe(false)
    expect(await hanging).toBeInstanceOf(NetworkError)
  })
})
