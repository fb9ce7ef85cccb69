import WebSocket from 'ws'
import { NetworkError, WsHandshakeError } from '../errors.js'
import { wrapWebSocket } from './socket.js'
import type { Socket, WsClient, WsConnectOptions } from './types.js'

const DEFAULT_MAX_PAYLOAD = 128 * 1024 * 1024

/** WebSocket client on `ws`. Tracks its sockets so that `closeAll` can end them at shutdown. */
export class NodeWsClient implements WsClient {
  readonly #open = new Set<WebSocket>()

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
        this.#open.add(ws)
        ws.once('close', () => this.#open.delete(ws))
        resolve(wrapWebSocket(ws))
      })
      ws.on('error', (error) => {
        if (settled) return
        settled = true
        reject(new NetworkError(`cannot connect to ${url}: ${error.message}`, { cause: error }))
      })
    })
  }

  closeAll(): void {
    for (const ws of this.#open) ws.close(1001, 'shutting down')
    this.#open.clear()
  }
}
