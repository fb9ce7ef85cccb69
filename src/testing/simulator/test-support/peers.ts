import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import WebSocket, { WebSocketServer } from 'ws'
import { Inbox } from '../../test-support/wait.js'

export { Inbox }

/**
 * Small in-test peers playing the framework's side of the wire, so the simulator can be tested
 * without the real adapters. Test-only code.
 */

export type Json = Record<string, unknown>

export interface PeerSocket {
  readonly ws: WebSocket
  readonly req: IncomingMessage
  readonly frames: Inbox<Json>
  readonly binary: Inbox<Buffer>
  readonly closed: Promise<{ code: number; reason: string }>
  /** Send an action and wait for the response with the same echo. */
  call(action: string, params?: Json, extra?: Json): Promise<Json>
}

function parseFrame(text: string): Json {
  try {
    return JSON.parse(text) as Json
  } catch {
    return { __raw: text }
  }
}

function wrap(ws: WebSocket, req: IncomingMessage): PeerSocket {
  const frames = new Inbox<Json>()
  const binary = new Inbox<Buffer>()
  let seq = 0
  ws.on('message', (data, isBinary) => {
    if (isBinary) binary.push(data as Buffer)
    else frames.push(parseFrame(String(data)))
  })
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: String(reason) }))
  })
  return {
    ws,
    req,
    frames,
    binary,
    closed,
    call(action, params = {}, extra = {}) {
      const echo = `e${++seq}`
      ws.send(JSON.stringify({ action, params, echo, ...extra }))
      return frames.next((f) => f.echo === echo)
    },
  }
}

/** A WS server standing in for the framework (reverse modes). */
export interface WsServerPeer {
  readonly url: string
  readonly sockets: Inbox<PeerSocket>
  close(): Promise<void>
}

export async function wsServerPeer(
  options: { refuse?: (req: IncomingMessage) => number | undefined; echoProtocol?: boolean } = {},
): Promise<WsServerPeer> {
  const sockets = new Inbox<PeerSocket>()
  const server: Server = createServer()
  const wss = new WebSocketServer({
    server,
    verifyClient: (info, done) => {
      const status = options.refuse?.(info.req)
      if (status) done(false, status)
      else done(true)
    },
    handleProtocols: (protocols) => (options.echoProtocol === false ? false : ([...protocols][0] ?? false)),
  })
  wss.on('connection', (ws, req) => sockets.push(wrap(ws, req)))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `ws://127.0.0.1:${port}/onebot/ws`,
    sockets,
    close: async () => {
      for (const client of wss.clients) client.terminate()
      wss.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** Dial a simulator's forward WS server as the framework would. */
export function dial(url: string, headers: Record<string, string> = {}): Promise<PeerSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers })
    // 'message' listeners attached in 'open' see every frame: ws parses frames after emitting 'open'.
    ws.on('open', () => resolve(wrap(ws, {} as IncomingMessage)))
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.on('error', reject)
  })
}

/** A plain HTTP server receiving POSTs (HTTP POST / webhook modes). */
export interface HttpPeer {
  readonly url: string
  readonly requests: Inbox<{ headers: IncomingMessage['headers']; body: Buffer }>
  close(): Promise<void>
}

export async function httpPeer(
  answer: (body: Buffer) => { status: number; body?: string | Uint8Array; type?: string } = () => ({
    status: 204,
  }),
): Promise<HttpPeer> {
  const requests = new Inbox<{ headers: IncomingMessage['headers']; body: Buffer }>()
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      requests.push({ headers: req.headers, body })
      const reply = answer(body)
      res.writeHead(reply.status, reply.type ? { 'content-type': reply.type } : {})
      res.end(reply.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}/onebot/v11/`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
