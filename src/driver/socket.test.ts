import type { AddressInfo } from 'node:net'
import { afterEach, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { NodeWsClient } from './ws-client.js'

let wss: WebSocketServer | undefined
afterEach(() => new Promise<void>((resolve) => (wss ? wss.close(() => resolve()) : resolve())))

it('replays a frame and a close that arrive before any listener, in order', async () => {
  wss = new WebSocketServer({ port: 0, host: '127.0.0.1' })
  await new Promise((resolve) => wss!.once('listening', resolve))
  // Like NapCat refusing a token: one frame, then close, right after the handshake.
  wss.on('connection', (ws) => {
    ws.send('first')
    ws.close(4001, 'bye')
  })
  const client = new NodeWsClient()
  const socket = await client.connect(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`)
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
