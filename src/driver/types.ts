/**
 * The driver's ports. A driver knows HTTP and WebSocket, nothing of OneBot or bots.
 * Every part is optional: `DRIVER` may switch one off, and adapters must check before use.
 */

/** Undoes a registration. Calling it twice is harmless. */
export type Disposer = () => void

/** Header names are lower-cased; repeated headers are joined with `, `. */
export type Headers = Readonly<Record<string, string | undefined>>

export interface HttpRequest {
  readonly method: string
  /** Path without the query string, e.g. `/onebot/v11/`. */
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: Headers
  /** The exact bytes received: signatures are computed over these. */
  readonly body: Buffer
  readonly remoteAddress: string | undefined
}

export interface HttpResponse {
  readonly status: number
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: string | Uint8Array
}

export type HttpHandler = (req: HttpRequest) => HttpResponse | Promise<HttpResponse>

/** A request before its body is read. */
export type HttpRequestHead = Omit<HttpRequest, 'body'>

export interface HttpRouteOptions {
  /**
   * Checks the head (a token, a signature header's presence) before the body is read: a response
   * returned here is sent at once and the body is never buffered. Undefined lets the request in.
   */
  readonly authorize?: (head: HttpRequestHead) => HttpResponse | undefined
}

export interface WsUpgradeRequest {
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: Headers
  readonly remoteAddress: string | undefined
  /** Subprotocols offered in `Sec-WebSocket-Protocol`, in order. */
  readonly protocols: readonly string[]
}

/** What a WebSocket route answers to an upgrade request, before the upgrade happens. */
export type WsUpgradeDecision =
  | {
      readonly accept: true
      /** Subprotocol to confirm in the 101 response (must be one of those offered). */
      readonly protocol?: string
      /** Called once the socket is open. */
      readonly onOpen: (socket: Socket) => void
    }
  | { readonly accept: false; readonly status: number; readonly reason: string }

export type WsHandler = (req: WsUpgradeRequest) => WsUpgradeDecision | Promise<WsUpgradeDecision>

/** A connected WebSocket, server or client side. */
export interface Socket {
  /** Unique within the process; handy as a map key and in logs. */
  readonly id: number
  readonly isOpen: boolean
  /** Text frames are sent for strings, binary frames for bytes. */
  send(data: string | Uint8Array): void
  close(code?: number, reason?: string): void
  /** Text frames arrive as strings, binary frames as bytes. */
  onMessage(listener: (data: string | Uint8Array) => void): Disposer
  onClose(listener: (code: number, reason: string) => void): Disposer
  /** The subprotocol the two sides agreed on, or `''`. */
  readonly protocol: string
}

export interface HttpServer {
  /** Exact-path route. `method` `'*'` matches every method. */
  route(method: string, path: string, handler: HttpHandler, options?: HttpRouteOptions): Disposer
  /** Exact-path WebSocket route. */
  ws(path: string, handler: WsHandler): Disposer
  /** The bound address once listening (port 0 resolves to the real port). */
  address(): { host: string; port: number } | undefined
}

export interface HttpClientRequest {
  readonly method?: string
  readonly url: string
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: string | Uint8Array
  readonly timeoutMs?: number
}

export interface HttpClientResponse {
  readonly status: number
  readonly headers: Headers
  readonly body: Buffer
}

export interface HttpClient {
  /** Rejects with `NetworkError` on transport failure or timeout; any HTTP status resolves. */
  request(req: HttpClientRequest): Promise<HttpClientResponse>
}

export interface WsConnectOptions {
  readonly headers?: Readonly<Record<string, string>>
  readonly protocols?: readonly string[]
  readonly timeoutMs?: number
}

export interface WsClient {
  /**
   * Opens one connection. Rejects with `WsHandshakeError` (carrying the HTTP status) when the
   * server refuses the upgrade, or `NetworkError` when it cannot be reached.
   */
  connect(url: string, options?: WsConnectOptions): Promise<Socket>
}

/** The three parts a NoneBot `DRIVER` line can name. */
export type DriverPart = 'server' | 'httpClient' | 'wsClient'

export interface Driver {
  readonly server?: HttpServer
  readonly http?: HttpClient
  readonly ws?: WsClient
  /** Starts listening (when there is a server). */
  start(): Promise<void>
  /** Closes the server and every socket it or the clients opened. */
  stop(): Promise<void>
}
