import type WebSocket from 'ws'
import { SendGate, type SendLimits } from './send-gate.js'
import type { Disposer, Socket } from './types.js'

let nextId = 1

type Delivery =
  | { readonly kind: 'message'; readonly data: string | Uint8Array }
  | { readonly kind: 'close'; readonly code: number; readonly reason: string }

export interface WrapOptions {
  /** A listener threw: reported here, and the other listeners still run. */
  readonly onListenerError: (error: unknown) => void
  /** Outgoing back-pressure; without it frames queue without bound. */
  readonly send?: SendLimits
  /** The peer stopped reading: the socket is being closed with 1013 for `reason`. */
  readonly onStall?: (reason: string) => void
}

/** The close code given when the peer does not read what we send (IANA: "Try Again Later"). */
export const CLOSE_NOT_READING = 1013

/**
 * Wraps a `ws` WebSocket (server or client side) in our `Socket` port. Frames and the close that
 * arrive before anyone listens (a peer may send its first frame, or a frame and a close, in the
 * same packet as the handshake) are kept and replayed in order, one microtask after the first
 * listener is added, so that listeners added together in the same tick all see them.
 *
 * A listener that throws is reported to `onListenerError` and the other listeners still run: an
 * exception must never reach `ws`'s event emitter, where it would end the process. With `send`
 * limits, a peer that stops reading gets its connection closed (1013) instead of unbounded buffers;
 * listeners see that code and reason, whatever the dead TCP connection reports.
 */
export function wrapWebSocket(ws: WebSocket, options: WrapOptions): Socket {
  const { onListenerError } = options
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
  // The first close wins: a stall is reported at once, the dead TCP connection's 1006 later is not.
  let closed = false
  const closeWith = (code: number, reason: string) => {
    if (closed) return
    closed = true
    push({ kind: 'close', code, reason })
  }
  const gate = options.send
    ? new SendGate(ws, options.send, (reason) => {
        options.onStall?.(reason)
        closeWith(CLOSE_NOT_READING, `not reading: ${reason}`)
        ws.close(CLOSE_NOT_READING, 'send buffer full: the peer is not reading')
        // The peer does not read, so it will not answer the close either.
        setTimeout(() => ws.terminate(), 1000).unref()
      })
    : undefined
  ws.on('close', (code: number, reason: Buffer) => {
    gate?.clear()
    closeWith(code, reason.toString())
  })

  return {
    id,
    get isOpen() {
      return ws.readyState === 1 && !gate?.stalled
    },
    get protocol() {
      return ws.protocol
    },
    send(data) {
      if (ws.readyState !== 1) return
      if (gate) gate.send(data)
      else ws.send(data)
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
