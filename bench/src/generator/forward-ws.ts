import type { IncomingMessage } from 'node:http'
import type WebSocket from 'ws'
import { WebSocketServer } from 'ws'
import type { Wire } from '../wire/mode.js'
import type { BotLink } from './link.js'
import type { LoadEngine } from './load-engine.js'
import type { Responder } from './responder.js'
import { socketLink } from './reverse-ws.js'

// Forward WebSocket: the generator listens and the target dials `ws://127.0.0.1:<port>/bot/<selfId>`,
// one URL per bot (as each OneBot implementation would run its own server).

export class ForwardServer {
  private readonly links = new Map<string, BotLink>()
  private readonly server: WebSocketServer

  private constructor(
    server: WebSocketServer,
    private readonly parts: { wire: Wire; engine: LoadEngine; responder: Responder },
  ) {
    this.server = server
    server.on('connection', (socket, request) => this.accept(socket, request))
  }

  static listen(parts: { wire: Wire; engine: LoadEngine; responder: Responder }): Promise<ForwardServer> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false })
    return new Promise((resolve, reject) => {
      server.once('error', reject)
      server.once('listening', () => resolve(new ForwardServer(server, parts)))
    })
  }

  get port(): number {
    const address = this.server.address()
    return typeof address === 'object' && address !== null ? address.port : 0
  }

  urlFor(selfId: string): string {
    return `ws://127.0.0.1:${this.port}/bot/${selfId}`
  }

  /** Resolves with the links once every bot has been dialled, in the order given. */
  async waitFor(selfIds: readonly string[], timeoutMs: number): Promise<BotLink[]> {
    const deadline = performance.now() + timeoutMs
    while (selfIds.some((id) => !this.links.has(id))) {
      if (performance.now() > deadline) {
        throw new Error(`target dialled ${this.links.size} of ${selfIds.length} forward WebSocket URLs`)
      }
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    return selfIds.map((id) => this.links.get(id)!)
  }

  close(): void {
    for (const client of this.server.clients) client.terminate()
    this.server.close()
  }

  private accept(socket: WebSocket, request: IncomingMessage): void {
    const selfId = /^\/bot\/(\d+)/.exec(request.url ?? '')?.[1]
    if (selfId === undefined || this.links.has(selfId)) {
      socket.close(1008, 'unknown or duplicate bot')
      return
    }
    socket.on('error', () => {})
    for (const frame of this.parts.wire.connectFrames(selfId)) socket.send(frame)
    this.links.set(selfId, socketLink(socket, selfId, this.parts))
  }
}
