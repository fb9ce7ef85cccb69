import type WebSocket from 'ws'
import type { Disposer, Socket } from './types.js'

let nextId = 1

/** Wraps a `ws` WebSocket (server or client side) in our `Socket` port. */
export function wrapWebSocket(ws: WebSocket): Socket {
  const id = nextId++
  return {
    id,
    get isOpen() {
      return ws.readyState === 1
    },
    get protocol() {
      return ws.protocol
    },
    send(data) {
      if (ws.readyState === 1) ws.send(data)
    },
    close(code, reason) {
      if (ws.readyState === 0 || ws.readyState === 1) ws.close(code, reason)
    },
    onMessage(listener): Disposer {
      const handler = (data: WebSocket.RawData, isBinary: boolean) => {
        listener(isBinary ? toBytes(data) : data.toString())
      }
      ws.on('message', handler)
      return () => ws.off('message', handler)
    },
    onClose(listener): Disposer {
      const handler = (code: number, reason: Buffer) => listener(code, reason.toString())
      ws.on('close', handler)
      return () => ws.off('close', handler)
    },
  }
}

function toBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data)
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return data
}
