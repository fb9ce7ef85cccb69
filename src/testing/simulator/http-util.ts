import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket as NetSocket } from 'node:net'

/** Small helpers for the simulator's own HTTP servers. */

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

/** A node:http server that tracks its sockets so `close()` ends kept-alive and held requests too. */
export interface TrackedServer {
  readonly server: Server
  readonly port: number
  close(): Promise<void>
}

export async function listen(
  host: string,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<TrackedServer> {
  const server = createServer(handler)
  const sockets = new Set<NetSocket>()
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

/** The token a request carries: `Authorization: <scheme> <token>` (Bearer or Token) or `?access_token=`. */
export function requestToken(
  headers: IncomingMessage['headers'],
  query: URLSearchParams,
  schemes: readonly string[] = ['bearer', 'token'],
): string | undefined {
  const header = headers.authorization
  if (header) {
    const space = header.indexOf(' ')
    const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase()
    if (schemes.includes(scheme)) return space < 0 ? '' : header.slice(space + 1)
  }
  return query.get('access_token') ?? undefined
}

/** `undefined` when the token is fine, else the HTTP status a profile answers with. */
export function tokenProblem(
  expected: string | undefined,
  given: string | undefined,
  statuses: { readonly missing: number; readonly wrong: number },
): number | undefined {
  if (!expected) return undefined
  if (given === undefined || given === '') return statuses.missing
  return given === expected ? undefined : statuses.wrong
}

/** Refuse a WebSocket upgrade with a plain HTTP status, before the handshake completes. */
export function refuseUpgrade(socket: NetSocket, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
}
