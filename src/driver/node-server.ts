import { createServer, type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import { wrapWebSocket } from './socket.js'
import type { Disposer, Headers, HttpHandler, HttpRequest, HttpServer, WsHandler } from './types.js'

export interface NodeServerOptions {
  host: string
  port: number
  /** Largest WebSocket frame accepted, in bytes. OneBot media responses can be tens of MiB. */
  maxPayload?: number
  /** Largest HTTP body accepted, in bytes. */
  maxBodySize?: number
  onError?: (error: unknown, where: string) => void
  /** Told about requests for paths nobody serves (a mistyped URL in the implementation's config). */
  onUnknownPath?: (message: string) => void
}

const DEFAULT_MAX_PAYLOAD = 128 * 1024 * 1024

/** HTTP and WebSocket routes on one `node:http` server, exact paths only. */
export class NodeServer implements HttpServer {
  readonly #options: NodeServerOptions
  readonly #routes = new Map<string, Map<string, HttpHandler>>()
  readonly #wsRoutes = new Map<string, WsHandler>()
  readonly #wss: WebSocketServer
  #server: Server | undefined

  constructor(options: NodeServerOptions) {
    this.#options = options
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxPayload ?? DEFAULT_MAX_PAYLOAD,
      // The route decides which offered protocol to confirm; see #upgrade.
      handleProtocols: (_protocols, req) => (req as UpgradeWithProtocol).chosenProtocol ?? false,
      perMessageDeflate: false,
    })
  }

  route(method: string, path: string, handler: HttpHandler): Disposer {
    let byMethod = this.#routes.get(path)
    if (!byMethod) {
      byMethod = new Map()
      this.#routes.set(path, byMethod)
    }
    const key = method.toUpperCase()
    byMethod.set(key, handler)
    return () => {
      if (byMethod.get(key) !== handler) return
      byMethod.delete(key)
      if (byMethod.size === 0 && this.#routes.get(path) === byMethod) this.#routes.delete(path)
    }
  }

  ws(path: string, handler: WsHandler): Disposer {
    this.#wsRoutes.set(path, handler)
    return () => {
      if (this.#wsRoutes.get(path) === handler) this.#wsRoutes.delete(path)
    }
  }

  address(): { host: string; port: number } | undefined {
    const addr = this.#server?.address()
    if (!addr || typeof addr === 'string') return undefined
    return { host: addr.address, port: addr.port }
  }

  async listen(): Promise<void> {
    const server = createServer((req, res) => void this.#request(req, res))
    server.on('upgrade', (req, socket, head) => void this.#upgrade(req, socket, head))
    server.on('clientError', (_err, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
    })
    this.#server = server
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.#options.port, this.#options.host, () => {
        server.off('error', reject)
        resolve()
      })
    })
  }

  async close(): Promise<void> {
    for (const client of this.#wss.clients) client.close(1001, 'server shutting down')
    const server = this.#server
    this.#server = undefined
    if (!server) return
    await new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeIdleConnections()
      // Sockets that do not close politely are cut after a short wait.
      setTimeout(() => {
        for (const client of this.#wss.clients) client.terminate()
        server.closeAllConnections()
      }, 1000).unref()
    })
  }

  #unknownPath(what: string, path: string, known: string[]): void {
    const served = known.length > 0 ? `; served: ${known.join(', ')}` : ''
    this.#options.onUnknownPath?.(`${what} to ${path} refused (404): nothing is served there${served}`)
  }

  async #request(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost')
      const byMethod = this.#routes.get(url.pathname)
      if (!byMethod) {
        // The WebSocket route exists but this is a plain request: say so instead of a bare 404.
        const status = this.#wsRoutes.has(url.pathname) ? 426 : 404
        if (status === 404) {
          // POSTs are what an implementation sends; a stray GET (a browser's favicon) is not worth a line.
          if (req.method === 'POST') this.#unknownPath('HTTP POST', url.pathname, [...this.#routes.keys()])
          return send(res, 404, 'Not Found')
        }
        return send(res, 426, 'Upgrade Required: this path is a WebSocket endpoint', {
          upgrade: 'websocket',
          connection: 'Upgrade',
        })
      }
      const handler = byMethod.get(req.method ?? 'GET') ?? byMethod.get('*')
      if (!handler) return send(res, 405, 'Method Not Allowed', { allow: [...byMethod.keys()].join(', ') })
      const body = await readBody(req, this.#options.maxBodySize ?? DEFAULT_MAX_PAYLOAD)
      // The rest of an oversized body is not read: close the connection instead of draining it.
      if (body === undefined) return send(res, 413, 'Payload Too Large', { connection: 'close' })
      const request: HttpRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers as Headers,
        body,
        remoteAddress: req.socket.remoteAddress,
      }
      const response = await handler(request)
      send(res, response.status, response.body, response.headers)
    } catch (error) {
      this.#options.onError?.(error, 'http request')
      if (!res.headersSent) send(res, 500, 'Internal Server Error')
      else res.destroy()
    }
  }

  async #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy())
    try {
      const url = new URL(req.url ?? '/', 'http://localhost')
      const handler = this.#wsRoutes.get(url.pathname)
      if (!handler) {
        this.#unknownPath('WebSocket upgrade', url.pathname, [...this.#wsRoutes.keys()])
        return reject(socket, 404, `no WebSocket route at ${url.pathname}`)
      }
      const offered = (req.headers['sec-websocket-protocol'] ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)
      const decision = await handler({
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers as Headers,
        remoteAddress: req.socket.remoteAddress,
        protocols: offered,
      })
      if (!decision.accept) return reject(socket, decision.status, decision.reason)
      ;(req as UpgradeWithProtocol).chosenProtocol = decision.protocol
      this.#wss.handleUpgrade(req, socket, head, (ws) => {
        ws.on('error', (error) => this.#options.onError?.(error, 'websocket'))
        try {
          decision.onOpen(wrapWebSocket(ws, (error) => this.#options.onError?.(error, 'websocket listener')))
        } catch (error) {
          // The 101 is already sent: an HTTP error answer is no longer possible.
          this.#options.onError?.(error, 'websocket open')
          ws.close(1011, 'internal error')
        }
      })
    } catch (error) {
      this.#options.onError?.(error, 'websocket upgrade')
      reject(socket, 500, 'internal error')
    }
  }
}

interface UpgradeWithProtocol extends IncomingMessage {
  chosenProtocol?: string
}

function send(
  res: ServerResponse,
  status: number,
  body?: string | Uint8Array,
  headers?: Readonly<Record<string, string>>,
): void {
  const out: Record<string, string | number> = { ...headers }
  if (body !== undefined && body.length > 0) {
    if (!hasHeader(out, 'content-type')) out['content-type'] = 'text/plain; charset=utf-8'
    out['content-length'] = Buffer.byteLength(body)
  }
  res.writeHead(status, out)
  res.end(body)
}

function hasHeader(headers: Record<string, unknown>, name: string): boolean {
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name) return true
  return false
}

function reject(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`
  socket.end(
    `HTTP/1.1 ${status} ${statusText(status)}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  )
}

function statusText(status: number): string {
  return STATUS_CODES[status] ?? 'Error'
}

/** The whole body, or undefined when it is larger than `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length'])
  if (declared > limit) return Promise.resolve(undefined)
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        req.removeAllListeners('data')
        chunks.length = 0
        resolve(undefined)
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)))
    req.on('error', reject)
  })
}
