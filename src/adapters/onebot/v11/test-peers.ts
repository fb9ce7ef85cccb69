/**
 * Test peers that behave like the real V11 implementations where they differ: auth scheme
 * (go-cqhttp `Token`, the others `Bearer`; NapCat/LLOneBot send `Bearer ` even with no token),
 * role spelling (Lagrange `Api`), echo handling (kept, turned into a number, or dropped), message
 * format (go-cqhttp CQ strings, the others arrays), forward-WS auth failure (HTTP 401/403 or a
 * 1403 frame then close) and HTTP POST signing key (secret, or the token for NapCat/LLOneBot).
 * Test-only: uses `ws` and `node:http` directly.
 */
import { createHmac } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import WebSocket, { WebSocketServer } from 'ws'
import { TOKEN_REFUSED_FRAME } from '../../../testing/simulator/modes/ws-server.js'
import { lifecycle } from './test-events.js'

export type ImplName = 'gocq' | 'napcat' | 'lagrange' | 'llonebot'

export interface ImplProfile {
  readonly name: ImplName
  readonly authScheme: 'Bearer' | 'Token'
  /** NapCat and LLOneBot send `Authorization: Bearer ` even when no token is set. */
  readonly alwaysSendAuth: boolean
  readonly apiRole: 'API' | 'Api'
  readonly messageFormat: 'string' | 'array'
  readonly forwardAuthFailure: 'http' | 'frame'
  readonly signWithToken: boolean
}

export const impls: Record<ImplName, ImplProfile> = {
  gocq: {
    name: 'gocq',
    authScheme: 'Token',
    alwaysSendAuth: false,
    apiRole: 'API',
    messageFormat: 'string',
    forwardAuthFailure: 'http',
    signWithToken: false,
  },
  napcat: {
    name: 'napcat',
    authScheme: 'Bearer',
    alwaysSendAuth: true,
    apiRole: 'API',
    messageFormat: 'array',
    forwardAuthFailure: 'frame',
    signWithToken: true,
  },
  lagrange: {
    name: 'lagrange',
    authScheme: 'Bearer',
    alwaysSendAuth: false,
    apiRole: 'Api',
    messageFormat: 'array',
    forwardAuthFailure: 'http',
    signWithToken: false,
  },
  llonebot: {
    name: 'llonebot',
    authScheme: 'Bearer',
    alwaysSendAuth: true,
    apiRole: 'API',
    messageFormat: 'array',
    forwardAuthFailure: 'frame',
    signWithToken: true,
  },
}

export interface ActionCall {
  readonly action: string
  readonly params: Record<string, unknown>
  readonly echo?: unknown
}

/** Answers actions like an implementation. `echo` controls what comes back in the `echo` field. */
export class Responder {
  readonly calls: ActionCall[] = []
  readonly #waiters: { action: string; resolve: (call: ActionCall) => void }[] = []
  #messageId = 100
  echo: 'same' | 'number' | 'missing' = 'same'
  /** Per-action answers: data, or a full envelope when it has `status`. */
  readonly answers = new Map<string, (params: Record<string, unknown>) => unknown>()
  silent = new Set<string>()

  constructor(readonly selfId: number) {}

  /** Resolves with the next call of `action` (or one already made and not yet taken). */
  next(action: string): Promise<ActionCall> {
    const index = this.calls.findIndex((c) => c.action === action && !taken.has(c))
    if (index >= 0) {
      const call = this.calls[index]!
      taken.add(call)
      return Promise.resolve(call)
    }
    return new Promise((resolve) => this.#waiters.push({ action, resolve }))
  }

  /** Records the call and builds the response envelope (undefined: stay silent). */
  answer(call: ActionCall): Record<string, unknown> | undefined {
    this.calls.push(call)
    const waiter = this.#waiters.findIndex((w) => w.action === call.action)
    if (waiter >= 0) {
      taken.add(call)
      this.#waiters.splice(waiter, 1)[0]!.resolve(call)
    }
    if (this.silent.has(call.action)) return undefined
    const custom = this.answers.get(call.action)
    let envelope: Record<string, unknown>
    if (custom) {
      const out = custom(call.params)
      envelope = isEnvelope(out) ? out : { status: 'ok', retcode: 0, data: out ?? null }
    } else envelope = { status: 'ok', retcode: 0, data: this.#defaultData(call.action) }
    if (this.echo === 'same') envelope.echo = call.echo
    else if (this.echo === 'number') envelope.echo = Number(call.echo)
    return envelope
  }

  #defaultData(action: string): unknown {
    if (action.startsWith('send_')) return { message_id: this.#messageId++ }
    if (action === 'get_login_info') return { user_id: this.selfId, nickname: 'peer' }
    return null
  }
}

const taken = new WeakSet<ActionCall>()

function isEnvelope(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && 'status' in value
}

export * from './test-events.js'

// --- Reverse WebSocket peer (the implementation dials us) ---------------------------------------

export interface ReversePeerOptions {
  readonly url: string
  readonly selfId: number
  readonly impl: ImplProfile
  readonly token?: string
  readonly role?: 'Universal' | 'API' | 'Event' | 'api'
  readonly omitSelfId?: boolean
}

/** Upgrade refused: the HTTP status and body. */
export interface Refusal {
  readonly status: number
  readonly body: string
}

export class ReversePeer {
  readonly responder: Responder
  readonly closed: Promise<{ code: number; reason: string }>

  private constructor(
    readonly ws: WebSocket,
    selfId: number,
  ) {
    this.responder = new Responder(selfId)
    this.closed = new Promise((resolve) =>
      ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    )
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as ActionCall
      const response = this.responder.answer(frame)
      if (response) ws.send(JSON.stringify(response))
    })
  }

  static connect(options: ReversePeerOptions): Promise<ReversePeer | Refusal> {
    const headers: Record<string, string> = { 'user-agent': options.impl.name }
    if (!options.omitSelfId) headers['x-self-id'] = String(options.selfId)
    const role = options.role === 'API' ? options.impl.apiRole : options.role
    if (role) headers['x-client-role'] = role
    if (options.token !== undefined || options.impl.alwaysSendAuth) {
      headers.authorization = `${options.impl.authScheme} ${options.token ?? ''}`
    }
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(options.url, { headers, maxPayload: 256 * 1024 * 1024 })
      ws.once('unexpected-response', (_req, res: IncomingMessage) => {
        let body = ''
        res.on('data', (chunk: Buffer) => {
          body += chunk.toString()
        })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      })
      ws.once('open', () => resolve(new ReversePeer(ws, options.selfId)))
      ws.once('error', (error) => {
        if (ws.readyState !== WebSocket.CLOSED) reject(error)
      })
    })
  }

  send(event: unknown): void {
    this.ws.send(typeof event === 'string' ? event : JSON.stringify(event))
  }

  close(): Promise<unknown> {
    this.ws.close(1000)
    return this.closed
  }
}

// --- HTTP: the implementation posts events to us and serves an HTTP API ------------------------

export function signBody(key: string, body: string): string {
  return `sha1=${createHmac('sha1', key).update(body).digest('hex')}`
}

/** Posts one event like the implementation would, signing with its key when given. */
export async function postEvent(
  url: string,
  body: unknown,
  options: { selfId?: number; signKey?: string; badSignature?: boolean } = {},
): Promise<{ status: number; body: string }> {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (options.selfId !== undefined) headers['x-self-id'] = String(options.selfId)
  if (options.signKey)
    headers['x-signature'] = options.badSignature ? signBody('wrong', text) : signBody(options.signKey, text)
  const res = await fetch(url, { method: 'POST', headers, body: text })
  return { status: res.status, body: await res.text() }
}

/** The implementation's HTTP API server: `POST /<action>`, checks `Authorization: Bearer`. */
export class HttpApiPeer {
  readonly responder: Responder
  readonly authHeaders: (string | undefined)[] = []
  #server: Server | undefined

  constructor(
    selfId: number,
    private readonly token?: string,
  ) {
    this.responder = new Responder(selfId)
  }

  async listen(): Promise<string> {
    this.#server = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString()
      })
      req.on('end', () => {
        this.authHeaders.push(req.headers.authorization)
        if (this.token && req.headers.authorization !== `Bearer ${this.token}`) {
          res.writeHead(403).end(JSON.stringify({ message: 'token verify failed!' }))
          return
        }
        const action = (req.url ?? '/').slice(1)
        const response = this.responder.answer({
          action,
          params: body ? (JSON.parse(body) as Record<string, unknown>) : {},
        })
        if (!response) return // silent: the request hangs like a stuck implementation
        // LLOneBot answers unknown actions with HTTP 404 and a JSON envelope.
        const status = response.retcode === 404 ? 404 : 200
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(response))
      })
    })
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.#server?.closeAllConnections()
      this.#server?.close(() => resolve())
    })
  }
}

// --- Forward WebSocket: the implementation is the server ----------------------------------------

/** A WS server like the implementation's: checks the token its own way, sends lifecycle connect. */
export class ForwardServerPeer {
  readonly responder: Responder
  readonly sockets: WebSocket[] = []
  /** Connection attempts, accepted or not. */
  attempts = 0
  sendLifecycle = true
  #wss: WebSocketServer | undefined
  readonly #connected: ((ws: WebSocket) => void)[] = []

  constructor(
    readonly selfId: number,
    readonly impl: ImplProfile,
    public token?: string,
  ) {
    this.responder = new Responder(selfId)
  }

  async listen(): Promise<string> {
    this.#wss = new WebSocketServer({
      port: 0,
      host: '127.0.0.1',
      verifyClient: (info, done) => {
        this.attempts++
        if (this.impl.forwardAuthFailure === 'frame' || !this.token) return done(true)
        const auth = info.req.headers.authorization
        if (!auth) return done(false, 401, 'Unauthorized')
        if (auth !== `Bearer ${this.token}`) return done(false, 403, 'Forbidden')
        done(true)
      },
    })
    this.#wss.on('connection', (ws, req) => {
      if (
        this.impl.forwardAuthFailure === 'frame' &&
        this.token &&
        req.headers.authorization !== `Bearer ${this.token}`
      ) {
        ws.send(JSON.stringify(TOKEN_REFUSED_FRAME))
        ws.close()
        return
      }
      this.sockets.push(ws)
      ws.on('message', (data) => {
        const response = this.responder.answer(JSON.parse(data.toString()) as ActionCall)
        if (response) ws.send(JSON.stringify(response))
      })
      if (this.sendLifecycle) ws.send(JSON.stringify(lifecycle(this.selfId)))
      for (const waiter of this.#connected.splice(0)) waiter(ws)
    })
    await new Promise<void>((resolve) => this.#wss!.once('listening', resolve))
    return `ws://127.0.0.1:${(this.#wss.address() as AddressInfo).port}`
  }

  /** Resolves with the next accepted connection. */
  nextConnection(): Promise<WebSocket> {
    return new Promise((resolve) => this.#connected.push(resolve))
  }

  broadcast(event: unknown): void {
    const frame = typeof event === 'string' ? event : JSON.stringify(event)
    for (const ws of this.sockets) if (ws.readyState === WebSocket.OPEN) ws.send(frame)
  }

  close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate()
    return new Promise((resolve) => (this.#wss ? this.#wss.close(() => resolve()) : resolve()))
  }
}
