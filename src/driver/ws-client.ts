import WebSocket from 'ws'
import { NetworkError, WsHandshakeError } from '../errors.js'
import type { SendLimits } from './send-gate.js'
import { wrapWebSocket } from './socket.js'
import type { Socket, WsClient, WsConnectOptions } from './types.js'

export interface NodeWsClientOptions {
  /** Hears of socket listeners that threw (the socket carries on) and of peers that stopped reading. */
  readonly onError?: (error: unknown, where: string) => void
  /** Largest message accepted (MAX_FRAME_SIZE); larger closes the connection with 1009. */
  readonly maxPayload?: number
  /** Outgoing back-pressure (SEND_BUFFER_LIMIT, SEND_DRAIN_TIMEOUT). */
  readonly send?: SendLimits
}

const DEFAULT_MAX_PAYLOAD = 32 * 1024 * 1024
/** How long `closeAll` waits for peers to answer the close handshake before cutting the sockets. */
const CLOSE_GRACE_MS = 1000

/** WebSocket client on `ws`. Tracks its sockets, connecting ones too, so `closeAll` can end them. */
export class NodeWsClient implements WsClient {
  readonly #sockets = new Set<WebSocket>()

  readonly #options: NodeWsClientOptions

  constructor(options: NodeWsClientOptions = {}) {
    this.#options = options
  }

  connect(url: string, options: WsConnectOptions = {}): Promise<Socket> {
    return new Promise((resolve, reject) => {
      let ws: WebSocket
      try {
        ws = new WebSocket(url, options.protocols ? [...options.protocols] : [], {
          headers: options.headers,
          handshakeTimeout: options.timeoutMs ?? 10_000,
          maxPayload: this.#options.maxPayload ?? DEFAULT_MAX_PAYLOAD,
          perMessageDeflate: false,
        })
      } catch (error) {
        reject(new NetworkError(`bad WebSocket URL ${url}: ${(error as Error).message}`, { cause: error }))
        return
      }
      this.#sockets.add(ws)
      ws.once('close', () => this.#sockets.delete(ws))
      let settled = false
      ws.once('unexpected-response', (_req, res) => {
        settled = true
        const status = res.statusCode ?? 0
        res.resume()
        ws.terminate()
        reject(new WsHandshakeError(status, `WebSocket upgrade to ${url} refused with HTTP ${status}`))
      })
      ws.once('open', () => {
        settled = true
        const onError = this.#options.onError ?? warn
        resolve(
          wrapWebSocket(ws, {
            onListenerError: (error) => onError(error, 'websocket listener'),
            send: this.#options.send,
            onStall: (reason) =>
              onError(new NetworkError(`${url} closed (1013): ${reason}`), 'websocket send'),
          }),
        )
      })
      // Registered for the socket's whole life: an error event without a listener would crash.
      ws.on('error', (error) => {
        if (settled) return
        settled = true
        reject(new NetworkError(`cannot connect to ${url}: ${error.message}`, { cause: error }))
      })
    })
  }

  /** Closes every socket (1001); those whose peer does not answer in time are cut. */
  async closeAll(): Promise<void> {
    const sockets = [...this.#sockets]
    this.#sockets.clear()
    await Promise.all(sockets.map(closeSocket))
  }
}

function closeSocket(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve()
  return new Promise((resolve) => {
    ws.once('close', () => resolve())
    if (ws.readyState === WebSocket.CONNECTING) {
      ws.terminate()
      return
    }
    ws.close(1001, 'shutting down')
    setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref()
  })
}

function warn(error: unknown, where: string): void {
  process.emitWarning(`${where} threw: ${error instanceof Error ? error.message : typeof error}`)
}
