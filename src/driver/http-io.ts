import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'

/** Writes a whole response; `content-length` and a text content type are added when there is a body. */
export function sendResponse(
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

/** Answers on a raw socket (an upgrade request, or a connection refused at accept) and closes it. */
export function rejectSocket(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  )
}

/**
 * The whole body, or undefined as soon as it is known to be larger than `limit` bytes: from
 * `Content-Length` before anything is read, else from the bytes streamed so far (never more than
 * `limit` bytes are held).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length'])
  if (declared > limit) return Promise.resolve(undefined)
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        req.removeAllListeners('data')
        req.pause()
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
