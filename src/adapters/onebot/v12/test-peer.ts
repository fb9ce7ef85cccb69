// Test helpers: in-test peers playing a OneBot V12 implementation over real sockets on 127.0.0.1.
// Not shipped as API; used by the *.test.ts files of this folder.
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { decode, encode } from '@msgpack/msgpack'
import pino from 'pino'
import WebSocket, { WebSocketServer } from 'ws'
import type { IncomingEvent } from '../../../adapter/event.js'
import { type App, createApp } from '../../../app.js'
import { nodeDriver } from '../../../driver/node-driver.js'
import { Inbox } from '../../../testing/test-support/wait.js'
import type { V12ActionRequest } from './actions.js'
import { type OneBotV12Options, onebotV12 } from './adapter.js'

export type Request = V12ActionRequest & { echo?: string }
/** Answers an action: `data` for success, or a full response object (with `retcode`) for failure. */
export type Responder = (req: Request) => unknown

export const ok = (data: unknown) => ({ status: 'ok', retcode: 0, data, message: '' })
export const failed = (retcode: number, message = 'failed') => ({
  status: 'failed',
  retcode,
  data: null,
  message,
})
const isResponse = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && 'retcode' in v && 'status' in v

export interface TestApp {
  readonly app: App
  readonly port: number
  readonly events: Inbox<IncomingEvent>
  readonly logs: string[]
  readonly botEvents: string[]
  stop(): Promise<void>
}

/** An app with only the V12 adapter on port 0, recording events, logs and bot (dis)connects. */
export async function startApp(
  config: Record<string, unknown> = {},
  options: OneBotV12Options & { echo?: boolean } = {},
): Promise<TestApp> {
  const logs: string[] = []
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line).msg) })
  const app = createApp({
    config: { nickname: ['bot'], ...config },
    adapters: [onebotV12({ discoveryTimeoutMs: 10_000, ...options })],
    driver: nodeDriver({ host: '127.0.0.1', port: 0 }),
    logger,
  })
  const events = new Inbox<IncomingEvent>()
  const botEvents: string[] = []
  app.onBotConnect((bot) => void botEvents.push(`+${bot.selfId}`))
  app.onBotDisconnect((bot) => void botEvents.push(`-${bot.selfId}`))
  app.use({
    async handle(ev) {
      events.push(ev)
      if (options.echo !== false && ev.kind === 'message' && ev.plainText.startsWith('/echo ')) {
        await ev.bot.send(ev, ev.plainText.slice('/echo '.length))
      }
    },
  })
  await app.start()
  return { app, port: app.driver.server!.address()!.port, events, logs, botEvents, stop: () => app.stop() }
}

/** The implementation side of one WebSocket: sends events, records actions, answers them. */
export class ImplSocket {
  readonly actions = new Inbox<Request>()
  readonly closed: Promise<{ code: number; reason: string }>
  responder: Responder = () => null

  constructor(
    readonly ws: WebSocket,
    private readonly binary = false,
  ) {
    this.closed = new Promise((resolve) =>
      ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    )
    ws.on('message', (data, isBinary) => {
      const req = (isBinary ? decode(data as Buffer) : JSON.parse(data.toString())) as Request
      ;(req as { binary?: boolean }).binary = isBinary
      this.actions.push(req)
      const answer = this.responder(req)
      if (answer === undefined) return
      const response = { ...(isResponse(answer) ? answer : ok(answer)), echo: req.echo }
      ws.send(isBinary ? encode(response) : JSON.stringify(response))
    })
  }

  send(event: unknown): void {
    this.ws.send(this.binary ? encode(event) : JSON.stringify(event))
  }

  raw(data: string | Uint8Array): void {
    this.ws.send(data)
  }

  close(): void {
    this.ws.close()
  }
}

/** Dials the app's reverse WebSocket route like an implementation. Rejects with the HTTP status on refusal. */
export function dialReverse(
  url: string,
  options: { protocols?: string[]; headers?: Record<string, string>; binary?: boolean } = {},
): Promise<ImplSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options.protocols ?? ['12.test-impl'], { headers: options.headers })
    ws.once('open', () => resolve(new ImplSocket(ws, options.binary)))
    ws.once('unexpected-response', (_req, res) => {
      let body = ''
      res.on('data', (c: Buffer) => {
        body += c.toString()
      })
      res.on('end', () => reject(Object.assign(new Error(body.trim()), { status: res.statusCode })))
    })
    ws.once('error', reject)
  })
}

/** A WebSocket server playing an implementation for the forward mode. */
export class ImplServer {
  readonly sockets = new Inbox<ImplSocket>()
  readonly handshakes: IncomingMessage[] = []
  /** Answer the upgrade with this status instead (auth failure tests). */
  refuseWith: number | undefined
  /** Confirm the offered subprotocol. */
  confirmProtocol = true
  /** Events sent the instant a connection opens (before the test can react). */
  greet: unknown[] = []
  #wss: WebSocketServer | undefined

  async start(): Promise<string> {
    const wss = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      verifyClient: (info, done) => {
        this.handshakes.push(info.req)
        if (this.refuseWith) done(false, this.refuseWith, 'refused')
        else done(true)
      },
      handleProtocols: (protocols) => (this.confirmProtocol ? ([...protocols][0] ?? false) : false),
    })
    this.#wss = wss
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()))
    wss.on('connection', (ws) => {
      const socket = new ImplSocket(ws)
      for (const event of this.greet) socket.send(event)
      this.sockets.push(socket)
    })
    return `ws://127.0.0.1:${(wss.address() as { port: number }).port}/`
  }

  async stop(): Promise<void> {
    for (const client of this.#wss?.clients ?? []) client.terminate()
    await new Promise<void>((resolve) => (this.#wss ? this.#wss.close(() => resolve()) : resolve()))
  }
}

/** An HTTP server playing an implementation's action endpoint (`POST /`). */
export class ImplHttp {
  readonly requests = new Inbox<{ headers: IncomingMessage['headers']; body: Request }>()
  responder: Responder = () => null
  #server: Server | undefined

  async start(): Promise<string> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const raw = Buffer.concat(chunks)
        const msgpack = req.headers['content-type'] === 'application/msgpack'
        const body = (msgpack ? decode(raw) : JSON.parse(raw.toString())) as Request
        this.requests.push({ headers: req.headers, body })
        const answer = this.responder(body)
        const response = isResponse(answer) ? answer : ok(answer ?? null)
        if (msgpack) {
          res.writeHead(200, { 'content-type': 'application/msgpack' })
          res.end(encode(response))
        } else {
          res.writeHead(200, { 'content-type': 'application/json' })
          res.end(JSON.stringify(response))
        }
      })
    })
    this.#server = server
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
    return `http://127.0.0.1:${(server.address() as { port: number }).port}/`
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections()
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()))
  }
}

// ---- event factories ----

let seq = 0
const base = (type: string, detail_type: string, extra: Record<string, unknown> = {}) => ({
  id: `ev-${++seq}`,
  time: 1_700_000_000.5,
  type,
  detail_type,
  sub_type: '',
  ...extra,
})

export const self = (user_id: string, platform = 'qq') => ({ platform, user_id })

export const v12 = {
  connect: (impl = 'test-impl') =>
    base('meta', 'connect', { version: { impl, version: '1.0.0', onebot_version: '12' } }),
  heartbeat: (interval = 5000) => base('meta', 'heartbeat', { interval }),
  status: (bots: { self: { platform: string; user_id: string }; online: boolean }[]) =>
    base('meta', 'status_update', { status: { good: true, bots } }),
  privateMessage: (bot: { platform: string; user_id: string }, text: string, user_id = '42', extra = {}) =>
    base('message', 'private', {
      self: bot,
      message_id: `m${seq}`,
      message: [{ type: 'text', data: { text } }],
      alt_message: text,
      user_id,
      ...extra,
    }),
  groupMessage: (
    bot: { platform: string; user_id: string },
    message: unknown[],
    group_id = 'g1',
    user_id = '42',
  ) =>
    base('message', 'group', {
      self: bot,
      message_id: `m${seq}`,
      message,
      alt_message: '',
      group_id,
      user_id,
    }),
  channelMessage: (bot: { platform: string; user_id: string }, text: string) =>
    base('message', 'channel', {
      self: bot,
      message_id: `m${seq}`,
      message: [{ type: 'text', data: { text } }],
      alt_message: text,
      guild_id: 'guild1',
      channel_id: 'chan1',
      user_id: '42',
    }),
}

export { Inbox, until } from '../../../testing/test-support/wait.js'
