import { afterEach, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { NodeWsClient } from './ws-client.js'

let wss: WebSocketServer | undefined
afterEach(async () => {
  for (const client of wss?.clients ?? []) client.terminate()
  await new Promise<void>((resolve) => (wss ? wss.close(() => resolve()) : resolve()))
})

it('keeps frames a server sends right after the handshake until the first listener attaches', async () => {
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await new Promise<void>((resolve) => wss!.once('listening', () => resolve()))
  wss.on('connection', (ws) => {
    ws.send('first')
    ws.send(new Uint8Array([1, 2]))
  })
  const client = new NodeWsClient()
  const socket = await client.connect(`ws://127.0.0.1:${(wss.address() as { port: number }).port}/`)
  // Attach late, after the frames have certainly arrived.
  await new Promise((resolve) => setTimeout(resolve, 50))
  const seen: (string | Uint8Array)[] = []
  socket.onMessage((data) => seen.push(data))
  expect(seen.map((f) => (typeof f === 'string' ? f : [...f]))).toEqual(['first', [1, 2]])
  client.closeAll()
})
