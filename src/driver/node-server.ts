import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Socket as NetSocket } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import { defaultLimits, type Limits } from '../config/limits.js'
import { AddressGate } from './address-gate.js'
import { readBody, rejectSocket as reject, sendResponse as send } from './http-io.js'
import { wrapWebSocket } from './socket.js'
import type {
  Disposer,
  Headers,
  HttpHandler,
  HttpRequest,
  HttpRequestHead,
  HttpRouteOptions,
  HttpServer,
  WsHandler,
} from './types.js'
import { WsKeepalive } from './ws-keepalive.js'

export interface NodeServerOptions {
  host: string
  port: number
  /** Sizes, timeouts and caps (MAX_BODY_SIZE, MAX_FRAME_SIZE, HEADERS_TIMEOUT, ...). @default defaultLimits */
  limits?: Partial<Limits>
  onError?: (error: unknown, where: string) => void
  /** Told about requests for paths nobody serves (a mistyped URL in the implementation's config). */
  onUnknownPath?: (message: string) => void
  /**
   * Told about every refusal the server makes on its own (oversized body or frame, too many
   * connections, a peer not reading or not answering pings). `key` is the peer's address and the
   * kind of refusal, for a rate-limited log.
   */
  onRefusal?: (key: string, message: string) => void
}

interface Route {
  readonly handler: HttpHandler
  readonly options: HttpRouteOptions
}

/** HTTP and WebSocket routes on one `node:http` server, exact paths only. */
export class NodeServer implements HttpServer {
  readonly #options: NodeServerOptions
  readonly #limits: Limits
  readonly #routes = new Map<string, Map<string, Route>>()
  readonly #wsRoutes = new Map<string, WsHandler>()
  readonly #wss: WebSocketServer
  readonly #gate: AddressGate
  readonly #keepalive: WsKeepalive
  #server: Server | undefined

  constructor(options: NodeServerOptions) {
    this.#options = options
    const limits = { ...defaultLimits, ...options.limits }
    this.#limits = limits
    this.#gate = new AddressGate(limits.maxUnauthenticatedPerAddress)
    this.#keepalive = new WsKeepalive(limits.wsPingIntervalMs)
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: limits.maxFrameSize,
      // The route decides which offered protocol to confirm; see #upgrade.
      handleProtocols: (_protocols, req) => (req as UpgradeWithProtocol).chosenProtocol ?? false,
      perMessageDeflate: false,
    })
  }

  route(method: string, path: string, handler: HttpHandler, options: HttpRouteOptions = {}): Disposer {
    let byMethod = this.#routes.get(path)
    if (!byMethod) {
      byMethod = new Map()
      this.#routes.set(path, byMethod)
    }
    const key = method.toUpperCase()
    const route = { handler, options }
    byMethod.set(key, route)
    return () => {
      if (byMethod.get(key) !== route) return
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
    const limits = this.#limits
    const server = createServer(
      {
        headersTimeout: limits.headersTimeoutMs,
        requestTimeout: Math.max(limits.requestTimeoutMs, limits.headersTimeoutMs),
        // Node checks the two timeouts on this period (30 s by default, longer than the timeouts).
        connectionsCheckingInterval: Math.max(250, Math.min(1000, limits.headersTimeoutMs / 4)),
      },
      (req, res) => void this.#request(req, res),
    )
    server.on('connection', (socket: NetSocket) => {
      if (this.#gate.admit(socket)) return
      const peer = socket.remoteAddress ?? 'unknown peer'
      this.#refuse(
        peer,
        'cap',
        `connection from ${peer} refused (503): ${limits.maxUnauthenticatedPerAddress} connections from it are not yet authenticated (MAX_UNAUTHENTICATED_PER_ADDRESS)`,
      )
      socket.on('error', () => socket.destroy())
      reject(socket, 503, 'too many unauthenticated connections from this address')
      setTimeout(() => socket.destroy(), 1000).unref()
    })
    server.on('upgrade', (req, socket, head) => void this.#upgrade(req, socket, head))
    server.on('clientError', (error: Error & { code?: string }, socket) => this.#clientError(error, socket))
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
    this.#keepalive.stop()
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

  /** A request Node could not take: too slow (408), headers too large (431), or not HTTP (400). */
  #clientError(error: Error & { code?: string }, socket: Duplex): void {
    // A peer that reset its own connection needs no answer and no log line.
    if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy()
    const peer = (socket as NetSocket).remoteAddress ?? 'unknown peer'
    const [status, why] =
      error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [
            408,
            `the request was not complete within ${this.#limits.headersTimeoutMs} ms for its headers or ${this.#limits.requestTimeoutMs} ms in all (HEADERS_TIMEOUT, REQUEST_TIMEOUT)`,
          ]
        : error.code === 'HPE_HEADER_OVERFLOW'
          ? [431, 'headers too large']
          : [400, `not a valid HTTP request (${error.code ?? error.message})`]
    this.#refuse(peer, String(status), `connection from ${peer} refused (${status}): ${why}`)
    reject(socket, status, why)
  }

  /** `kind` keys the rate limit together with the peer: one flood does not hide another kind. */
  #refuse(peer: string, kind: string, message: string): void {
    this.#options.onRefusal?.(`${peer} ${kind}`, message)
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
      const route = byMethod.get(req.method ?? 'GET') ?? byMethod.get('*')
      if (!route) return send(res, 405, 'Method Not Allowed', { allow: [...byMethod.keys()].join(', ') })
      const head: HttpRequestHead = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers as Headers,
        remoteAddress: req.socket.remoteAddress,
      }
      // Credentials first: an unauthenticated client never makes us buffer a body.
      const refused = route.options.authorize?.(head)
      if (refused) return send(res, refused.status, refused.body, { ...refused.headers, connection: 'close' })
      const limit = this.#limits.maxBodySize
      const body = await readBody(req, limit)
      if (body === undefined) {
        const peer = head.remoteAddress ?? 'unknown peer'
        this.#refuse(
          peer,
          '413',
          `HTTP ${head.method} from ${peer} on ${head.path} refused (413): body over ${limit} bytes (MAX_BODY_SIZE)`,
        )
        // The rest of an oversized body is not read: close the connection instead of draining it.
        return send(res, 413, `Payload Too Large: the limit is ${limit} bytes\n`, { connection: 'close' })
      }
      const response = await route.handler({ ...head, body } satisfies HttpRequest)
      if (response.status < 400) this.#gate.trust(req.socket)
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
      this.#gate.trust(req.socket)
      this.#wss.handleUpgrade(req, socket, head, (ws) => {
        const peer = req.socket.remoteAddress ?? 'unknown peer'
        ws.on('error', (error: Error & { code?: string }) => {
          if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
            this.#refuse(
              peer,
              '1009',
              `WebSocket from ${peer} on ${url.pathname} closed (1009): a message over ${this.#limits.maxFrameSize} bytes (MAX_FRAME_SIZE)`,
            )
          } else this.#options.onError?.(error, 'websocket')
        })
        this.#keepalive.watch(ws, () =>
          this.#refuse(
            peer,
            'ping',
            `WebSocket from ${peer} on ${url.pathname} cut: no answer to a ping within ${this.#limits.wsPingIntervalMs} ms (WS_PING_INTERVAL)`,
          ),
        )
        try {
          decision.onOpen(
            wrapWebSocket(ws, {
              onListenerError: (error) => this.#options.onError?.(error, 'websocket listener'),
              send: {
                maxBuffered: this.#limits.sendBufferLimit,
                drainTimeoutMs: this.#limits.sendDrainTimeoutMs,
              },
              onStall: (reason) =>
                this.#refuse(
                  peer,
                  '1013',
                  `WebSocket from ${peer} on ${url.pathname} closed (1013): ${reason} (SEND_BUFFER_LIMIT, SEND_DRAIN_TIMEOUT)`,
                ),
            }),
          )
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
