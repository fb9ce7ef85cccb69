import WebSocket from 'ws'
import type { Socket } from '../../../driver/types.js'
import { WsHandshakeError } from '../../../errors.js'

/**
 * The socket a simulated implementation talks over: a real `ws` WebSocket, or an in-memory
 * socket from the driver port (the test kit's fast mode). Listeners are set once, right after
 * creation, before the socket can open.
 */
export interface PeerSocket {
  readonly isOpen: boolean
  send(data: string | Uint8Array): void
  close(code: number, reason: string): void
  /** Drop the connection without a close frame. */
  terminate(): void
  onOpen(listener: () => void): void
  onFrame(listener: (data: Buffer, binary: boolean) => void): void
  onClose(listener: () => void): void
  onError(listener: (error: Error) => void): void
}

/** What a reverse-WS dial sends: the framework's URL, headers and offered subprotocols. */
export interface DialRequest {
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly protocols: readonly string[]
}

/** Opens reverse-WS connections for the simulator; the default dials real sockets with `ws`. */
export type SimulatorDialer = (request: DialRequest) => PeerSocket

export const dialWs: SimulatorDialer = ({ url, headers, protocols }) =>
  wsPeerSocket(new WebSocket(url, [...protocols], { headers: { ...headers }, maxPayload: 64 * 2 ** 20 }))

export function wsPeerSocket(ws: WebSocket): PeerSocket {
  return {
    get isOpen() {
      return ws.readyState === WebSocket.OPEN
    },
    send: (data) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(data)
    },
    close: (code, reason) => ws.close(code, reason),
    terminate: () => ws.terminate(),
    onOpen: (listener) => void ws.on('open', listener),
    onFrame: (listener) => void ws.on('message', (data, binary) => listener(data as Buffer, binary)),
    onClose: (listener) => void ws.on('close', () => listener()),
    onError: (listener) => void ws.on('error', listener),
  }
}

/** Opens an in-memory connection: resolves with the client side, or rejects like a refused upgrade. */
export type MemoryConnect = (
  path: string,
  options: { headers: Record<string, string>; protocols: string[]; query: string },
) => Promise<Socket>

/**
 * A dialer over in-memory sockets (e.g. `MemoryServer.connect`): the framework's routes see the
 * same headers, subprotocols and frames as over TCP, with no kernel round trip. A refused
 * handshake surfaces as an error `Unexpected server response: <status>`, as `ws` reports it.
 */
export function memoryDialer(connect: MemoryConnect): SimulatorDialer {
  return ({ url, headers, protocols }) => {
    const parsed = new URL(url)
    let socket: Socket | undefined
    let closed = false
    const open: (() => void)[] = []
    const frame: ((data: Buffer, binary: boolean) => void)[] = []
    const close: (() => void)[] = []
    const error: ((error: Error) => void)[] = []
    const shut = (): void => {
      if (closed) return
      closed = true
      for (const listener of close) listener()
    }
    connect(parsed.pathname, {
      headers: { ...headers },
      protocols: [...protocols],
      query: parsed.search.slice(1),
    }).then(
      (opened) => {
        if (closed) {
          opened.close(1000, 'dialer closed')
          return
        }
        socket = opened
        opened.onMessage((data) => {
          const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data)
          for (const listener of frame) listener(bytes, typeof data !== 'string')
        })
        opened.onClose(shut)
        for (const listener of open) listener()
      },
      (failure: unknown) => {
        const reason =
          failure instanceof WsHandshakeError
            ? new Error(`Unexpected server response: ${failure.status}`)
            : failure instanceof Error
              ? failure
              : new Error(String(failure))
        for (const listener of error) listener(reason)
        shut()
      },
    )
    return {
      get isOpen() {
        return !closed && socket?.isOpen === true
      },
      send: (data) => {
        if (!closed) socket?.send(data)
      },
      close: (code, reason) => {
        if (socket) socket.close(code, reason)
        else shut()
      },
      // An in-memory socket has no TCP to drop: the framework sees an abnormal close (1006).
      terminate: () => {
        if (socket) socket.close(1006, '')
        else shut()
      },
      onOpen: (listener) => void open.push(listener),
      onFrame: (listener) => void frame.push(listener),
      onClose: (listener) => void close.push(listener),
      onError: (listener) => void error.push(listener),
    }
  }
}
