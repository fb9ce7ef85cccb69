import {
  Agent,
  createServer,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from 'node:http'
import type { Wire } from '../wire/mode.js'
import type { BotLink } from './link.js'
import type { LoadEngine } from './load-engine.js'
import type { Responder } from './responder.js'

// V11 HTTP POST: the generator POSTs each event to the target and runs the OneBot HTTP API server
// the target calls back (`POST /bot/<selfId>/<action>`), over keep-alive connections both ways.

export class HttpPostTransport {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1024 })
  postErrors = 0
  /** TCP connections opened: by the target to the API server, and by the generator to POST events. */
  apiConnections = 0
  eventConnections = 0

  private constructor(
    private readonly server: Server,
    private readonly parts: { wire: Wire; engine: LoadEngine; responder: Responder },
  ) {
    server.on('request', (req: IncomingMessage, res: ServerResponse) => this.answer(req, res))
    server.on('connection', () => this.apiConnections++)
  }

  static listen(parts: { wire: Wire; engine: LoadEngine; responder: Responder }): Promise<HttpPostTransport> {
    const server = createServer({ keepAliveTimeout: 60_000 })
    return new Promise((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve(new HttpPostTransport(server, parts)))
    })
  }

  get port(): number {
    const address = this.server.address()
    return typeof address === 'object' && address !== null ? address.port : 0
  }

  apiRootFor(selfId: string): string {
    return `http://127.0.0.1:${this.port}/bot/${selfId}/`
  }

  /** A bot whose events are POSTed to `eventUrl` (the target's `/onebot/v11/`). */
  link(eventUrl: string, selfId: string): BotLink {
    const url = new URL(eventUrl)
    const agent = this.agent
    const link: BotLink = {
      selfId,
      writeEvent: this.parts.wire.eventWriter(selfId),
      send: (frame) => {
        const req = request(
          {
            agent,
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            method: 'POST',
            headers: {
              'Content-Type': 'application/json',
              'Content-Length': Buffer.byteLength(frame),
              'X-Self-ID': selfId,
              'User-Agent': 'CQHttp/4.15.0',
            },
          },
          (res) => res.resume(),
        )
        req.on('error', () => this.postErrors++)
        req.once('socket', () => {
          if (!req.reusedSocket) this.eventConnections++
        })
        req.end(frame)
      },
      close: () => {},
    }
    this.parts.engine.attach(link)
    return link
  }

  close(): void {
    this.agent.destroy()
    this.server.closeAllConnections()
    this.server.close()
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = chunks.length === 1 ? chunks[0]!.toString() : Buffer.concat(chunks).toString()
      const match = /^\/bot\/(\d+)\/+([\w.]+)/.exec(req.url ?? '')
      if (match === null) {
        res.writeHead(404).end()
        return
      }
      const answer = this.parts.responder.httpAnswer(match[2]!, match[1]!)
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(answer) })
      res.end(answer)
      this.parts.engine.noteAction(body)
    })
  }
}
