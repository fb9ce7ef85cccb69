import type WebSocket from 'ws'
import type { Disposer, Socket } from './types.js'

let nextId = 1

/** Wraps a `ws` WebSocket (server or client side) in our `Socket` port. */
export function wrapWebSocket(ws: WebSocket): Socket {
  const id = nextId++
  const listeners = new Set<(data: string | Uint8Array) => void>()
  // Frames that arrive before anyone listens (a peer that speaks right after the handshake, as
  // OneBot V12's meta.connect does) are kept until the first listener attaches, not lost.
  let early: (string | Uint8Array)[] | undefined = []
  ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
    const frame = isBinary ? toBytes(data) : data.toString()
    if (early) early.push(frame)
    else for (const listener of listeners) listener(frame)
  })
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
      listeners.add(listener)
      const pending = early
      early = undefined
      if (pending) for (const frame of pending) listener(frame)
      return () => listeners.delete(listener)
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
