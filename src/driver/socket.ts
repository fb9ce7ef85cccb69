import type WebSocket from 'ws'
import type { Disposer, Socket } from './types.js'

let nextId = 1

type Delivery =
  | { readonly kind: 'message'; readonly data: string | Uint8Array }
  | { readonly kind: 'close'; readonly code: number; readonly reason: string }

/**
 * Wraps a `ws` WebSocket (server or client side) in our `Socket` port. Frames and the close that
 * arrive before anyone listens (a peer may send its first frame, or a frame and a close, in the
 * same packet as the handshake) are kept and replayed in order, one microtask after the first
 * listener is added, so that listeners added together in the same tick all see them.
 *
 * A listener that throws is reported to `onListenerError` and the other listeners still run: an
 * exception must never reach `ws`'s event emitter, where it would end the process.
 */
export function wrapWebSocket(ws: WebSocket, onListenerError: (error: unknown) => void): Socket {
  const id = nextId++
  const messageListeners = new Set<(data: string | Uint8Array) => void>()
  const closeListeners = new Set<(code: number, reason: string) => void>()
  let backlog: Delivery[] | undefined = []
  let flushScheduled = false

  const deliver = (item: Delivery) => {
    if (item.kind === 'message') {
      for (const listener of [...messageListeners]) guard(() => listener(item.data))
    } else {
      for (const listener of [...closeListeners]) guard(() => listener(item.code, item.reason))
    }
  }
  const guard = (run: () => void) => {
    try {
      run()
    } catch (error) {
      onListenerError(error)
    }
  }
  const push = (item: Delivery) => {
    if (backlog) backlog.push(item)
    else deliver(item)
  }
  const scheduleFlush = () => {
    if (!backlog || flushScheduled) return
    flushScheduled = true
    queueMicrotask(() => {
      // Items that arrive while replaying are appended to the backlog and replayed in turn.
      while (backlog && backlog.length > 0) deliver(backlog.shift()!)
      backlog = undefined
    })
  }

  ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
    push({ kind: 'message', data: isBinary ? toBytes(data) : data.toString() })
  })
  ws.on('close', (code: number, reason: Buffer) => push({ kind: 'close', code, reason: reason.toString() }))

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
      messageListeners.add(listener)
      scheduleFlush()
      return () => messageListeners.delete(listener)
    },
    onClose(listener): Disposer {
      closeListeners.add(listener)
      scheduleFlush()
      return () => closeListeners.delete(listener)
    },
  }
}

function toBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data)
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return data
}
