import type { AddressInfo } from 'node:net'
import { afterEach, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { NodeWsClient } from './ws-client.js'

let wss: WebSocketServer | undefined
afterEach(async () => {
  for (const client of wss?.clients ?? []) client.terminate()
  await new Promise<void>((resolve) => (wss ? wss.close(() => resolve()) : resolve()))
  wss = undefined
})

async function listening(): Promise<WebSocketServer> {
  wss = new WebSocketServer({ port: 0, host: '127.0.0.1' })
  await new Promise((resolve) => wss!.once('listening', resolve))
  return wss
}

it('replays a frame and a close that arrive before any listener, in order', async () => {
  const server = await listening()
  // Like NapCat refusing a token: one frame, then close, right after the handshake.
  server.on('connection', (ws) => {
    ws.send('first')
    ws.close(4001, 'bye')
  })
  const client = new NodeWsClient()
  const socket = await client.connect(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`)
  await new Promise((resolve) => setTimeout(resolve, 30))
  const seen: string[] = []
  await new Promise<void>((resolve) => {
    socket.onClose((code, reason) => {
      seen.push(`close ${code} ${reason}`)
      resolve()
    })
    socket.onMessage((data) => seen.push(String(data)))
  })
  expect(seen).toEqual(['first', 'close 4001 bye'])
})

it('keeps text and binary frames a server sends right after the handshake until a listener attaches', async () => {
  const server = await listening()
  server.on('connection', (ws) => {
    ws.send('first')
    ws.send(new Uint8Array([1, 2]))
  })
  const client = new NodeWsClient()
  const socket = await client.connect(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/`)
  // Attach late, after the frames have certainly arrived.
  await new Promise((resolve) => setTimeout(resolve, 50))
  const seen: (string | Uint8Array)[] = []
  socket.onMessage((data) => seen.push(data))
  await new Promise((resolve) => setTimeout(resolve, 0))
  expect(seen.map((f) => (typeof f === 'string' ? f : [...f]))).toEqual(['first', [1, 2]])
  client.closeAll()
})

it('a listener that throws is reported; the other listeners and the socket carry on', async () => {
  const server = await listening()
  server.on('connection', (ws) => {
    ws.send('one')
    ws.send('two')
  })
  const errors: unknown[] = []
  const client = new NodeWsClient({ onError: (error) => errors.push(error) })
  const socket = await client.connect(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/`)
  const seen: string[] = []
  socket.onMessage(() => {
    throw new TypeError('Cannot convert object to primitive value')
  })
  socket.onMessage((data) => seen.push(String(data)))
  await expect.poll(() => seen).toEqual(['one', 'two'])
  expect(errors).toHaveLength(2)
  expect(socket.isOpen).toBe(true)
  await client.closeAll()
})
