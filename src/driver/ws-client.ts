import WebSocket from 'ws'
import { NetworkError, WsHandshakeError } from '../errors.js'
import { wrapWebSocket } from './socket.js'
import type { Socket, WsClient, WsConnectOptions } from './types.js'

const DEFAULT_MAX_PAYLOAD = 128 * 1024 * 1024
/** How long `closeAll` waits for peers to answer the close handshake before cutting the sockets. */
const CLOSE_GRACE_MS = 1000

/** WebSocket client on `ws`. Tracks its sockets, connecting ones too, so `closeAll` can end them. */
export class NodeWsClient implements WsClient {
  readonly #sockets = new Set<WebSocket>()

  /** `onError` hears of socket listeners that threw (the socket carries on). */
  constructor(private readonly onError: (error: unknown, where: string) => void = warnListenerError) {}

  connect(url: string, options: WsConnectOptions = {}): Promise<Socket> {
    return new Promise((resolve, reject) => {
      let ws: WebSocket
      try {
        ws = new WebSocket(url, options.protocols ? [...options.protocols] : [], {
          headers: options.headers,
          handshakeTimeout: options.timeoutMs ?? 10_000,
          maxPayload: DEFAULT_MAX_PAYLOAD,
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
        resolve(wrapWebSocket(ws, (error) => this.onError(error, 'websocket listener')))
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

function warnListenerError(error: unknown, where: string): void {
  process.emitWarning(`${where} threw: ${error instanceof Error ? error.message : typeof error}`)
}
