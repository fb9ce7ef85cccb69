import type {
  Disposer,
  Driver,
  HttpClient,
  HttpClientRequest,
  HttpClientResponse,
  HttpHandler,
  HttpRequestHead,
  HttpResponse,
  HttpRouteOptions,
  HttpServer,
  Socket,
  WsClient,
  WsConnectOptions,
  WsHandler,
} from '../driver/types.js'
import { NetworkError, WsHandshakeError } from '../errors.js'

type Listener<T extends unknown[]> = (...args: T) => void

let nextId = 1_000_000

/**
 * Two connected in-memory sockets. Frames are delivered on a microtask, in order, so the code
 * under test sees the same asynchrony as with a real socket but no kernel round trip.
 */
export function socketPair(protocol = ''): [Socket, Socket] {
  const a = new MemorySocket(protocol)
  const b = new MemorySocket(protocol)
  a.peer = b
  b.peer = a
  return [a, b]
}

class MemorySocket implements Socket {
  readonly id = nextId++
  peer: MemorySocket | undefined
  #open = true
  readonly #message = new Set<Listener<[string | Uint8Array]>>()
  readonly #close = new Set<Listener<[number, string]>>()

  constructor(readonly protocol: string) {}

  get isOpen(): boolean {
    return this.#open
  }

  send(data: string | Uint8Array): void {
    const peer = this.peer
    if (!this.#open || !peer) return
    queueMicrotask(() => peer.#deliver(data))
  }

  close(code = 1000, reason = ''): void {
    if (!this.#open) return
    this.#shut(code, reason)
    const peer = this.peer
    if (peer) queueMicrotask(() => peer.#shut(code, reason))
  }

  onMessage(listener: Listener<[string | Uint8Array]>): Disposer {
    this.#message.add(listener)
    return () => this.#message.delete(listener)
  }

  onClose(listener: Listener<[number, string]>): Disposer {
    this.#close.add(listener)
    return () => this.#close.delete(listener)
  }

  #deliver(data: string | Uint8Array): void {
    if (!this.#open) return
    for (const listener of this.#message) listener(data)
  }

  #shut(code: number, reason: string): void {
    if (!this.#open) return
    this.#open = false
    for (const listener of this.#close) listener(code, reason)
  }
}

export interface MemoryRequest {
  readonly method?: string
  readonly path: string
  readonly query?: string
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: string | Uint8Array
}

/** An `HttpServer` with no sockets: tests call `inject` and `connect` to reach its routes. */
export class MemoryServer implements HttpServer {
  readonly #routes = new Map<string, { handler: HttpHandler; options: HttpRouteOptions }>()
  readonly #wsRoutes = new Map<string, WsHandler>()
  readonly #sockets = new Set<Socket>()

  route(method: string, path: string, handler: HttpHandler, options: HttpRouteOptions = {}): Disposer {
    const key = `${method.toUpperCase()} ${path}`
    this.#routes.set(key, { handler, options })
    return () => this.#routes.delete(key)
  }

  ws(path: string, handler: WsHandler): Disposer {
    this.#wsRoutes.set(path, handler)
    return () => this.#wsRoutes.delete(path)
  }

  address(): { host: string; port: number } {
    return { host: 'memory', port: 0 }
  }

  /** Sends one HTTP request to the routes, as a client would. */
  async inject(req: MemoryRequest): Promise<HttpResponse> {
    const method = (req.method ?? 'POST').toUpperCase()
    const route = this.#routes.get(`${method} ${req.path}`) ?? this.#routes.get(`* ${req.path}`)
    if (!route) return { status: 404, body: 'Not Found' }
    const head: HttpRequestHead = {
      method,
      path: req.path,
      query: new URLSearchParams(req.query ?? ''),
      headers: lowerKeys(req.headers),
      remoteAddress: '127.0.0.1',
    }
    const refused = route.options.authorize?.(head)
    if (refused) return refused
    return route.handler({ ...head, body: Buffer.from(req.body ?? '') })
  }

  /** Opens a WebSocket to a route; resolves with the client side or rejects like a refused upgrade. */
  async connect(path: string, options: WsConnectOptions & { query?: string } = {}): Promise<Socket> {
    const handler = this.#wsRoutes.get(path)
    if (!handler) throw new WsHandshakeError(404, `no WebSocket route at ${path}`)
    const decision = await handler({
      path,
      query: new URLSearchParams(options.query ?? ''),
      headers: lowerKeys(options.headers),
      remoteAddress: '127.0.0.1',
      protocols: options.protocols ?? [],
    })
    if (!decision.accept) throw new WsHandshakeError(decision.status, decision.reason)
    const [client, server] = socketPair(decision.protocol ?? '')
    this.#sockets.add(client)
    client.onClose(() => this.#sockets.delete(client))
    decision.onOpen(server)
    return client
  }

  closeAll(): void {
    for (const socket of this.#sockets) socket.close(1001, 'server shutting down')
  }
}

/** Answers outgoing HTTP calls in-process, e.g. with a simulated OneBot HTTP API. */
export type MemoryHttpHandler = (req: HttpClientRequest) => Promise<HttpClientResponse> | HttpClientResponse

/** Outgoing WebSocket connections in-process: a URL maps to a function that accepts the server side. */
export type MemoryWsListener = (socket: Socket, options: WsConnectOptions) => void

/** A driver with no sockets at all, for fast in-process tests. */
export class MemoryDriver implements Driver {
  readonly server = new MemoryServer()
  readonly #httpHandlers = new Map<string, MemoryHttpHandler>()
  readonly #wsListeners = new Map<string, MemoryWsListener>()

  readonly http: HttpClient = {
    request: async (req) => {
      for (const [prefix, handler] of this.#httpHandlers) {
        if (req.url.startsWith(prefix)) return handler(req)
      }
      throw new NetworkError(
        `HTTP ${req.method ?? 'POST'} ${req.url} failed: connection refused (memory driver)`,
      )
    },
  }

  readonly ws: WsClient = {
    connect: async (url, options = {}) => {
      const listener = this.#wsListeners.get(url)
      if (!listener) throw new NetworkError(`cannot connect to ${url}: connection refused (memory driver)`)
      const [client, server] = socketPair(options.protocols?.[0] ?? '')
      listener(server, options)
      return client
    },
  }

  /** Routes outgoing HTTP requests whose URL starts with `prefix` to `handler`. */
  handleHttp(prefix: string, handler: MemoryHttpHandler): Disposer {
    this.#httpHandlers.set(prefix, handler)
    return () => this.#httpHandlers.delete(prefix)
  }

  /** Accepts outgoing WebSocket connections to `url`. */
  listenWs(url: string, listener: MemoryWsListener): Disposer {
    this.#wsListeners.set(url, listener)
    return () => this.#wsListeners.delete(url)
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {
    this.server.closeAll()
  }
}

function lowerKeys(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = v
  return out
}
