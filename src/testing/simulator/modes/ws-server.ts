import type { IncomingMessage } from 'node:http'
import type { Socket as NetSocket } from 'node:net'
import type WebSocket from 'ws'
import { WebSocketServer } from 'ws'
import { listen, refuseUpgrade, type TrackedServer } from '../http-util.js'
import type { SimBot } from '../types.js'
import type { ModeContext } from './mode.js'
import { wsPeerSocket } from './peer-socket.js'
import { asError, type SocketRole, WsPeer } from './ws-peer.js'

/** The frame NapCat and LLOneBot send after accepting an upgrade with a wrong token, then close. */
export const TOKEN_REFUSED_FRAME = {
  status: 'failed',
  retcode: 1403,
  data: null,
  message: 'token验证失败',
  wording: 'token验证失败',
} as const

/** What the upgrade check decides. */
export type UpgradeVerdict =
  | { readonly kind: 'refuse'; readonly status: number; readonly text: string }
  /** napcat/LLOneBot: accept, send one `retcode: 1403` frame, close without a status code. */
  | { readonly kind: 'fail-after-upgrade' }
  | { readonly kind: 'accept'; readonly role: SocketRole }

/**
 * A forward-WS server on an OS-chosen port: the framework dials it. The `verdict` callback runs
 * before the upgrade, so token failures can be refused with a plain HTTP status.
 */
export class ForwardWsServer {
  readonly #ctx: ModeContext
  readonly #bot: SimBot | undefined
  readonly #verdict: (req: IncomingMessage, url: URL) => UpgradeVerdict
  readonly #wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 2 ** 20 })
  readonly #peers = new Set<WsPeer>()
  #http: TrackedServer | undefined
  /** Upgrade requests received, accepted or not. */
  attempts = 0

  constructor(
    ctx: ModeContext,
    bot: SimBot | undefined,
    verdict: (req: IncomingMessage, url: URL) => UpgradeVerdict,
  ) {
    this.#ctx = ctx
    this.#bot = bot
    this.#verdict = verdict
  }

  get url(): string {
    if (!this.#http) throw new Error('forward WS server not started')
    return `ws://${this.#ctx.host}:${this.#http.port}`
  }

  get peers(): WsPeer[] {
    return [...this.#peers].filter((peer) => peer.socket.isOpen)
  }

  async start(): Promise<void> {
    this.#http = await listen(this.#ctx.host, (_req, res) => {
      res.writeHead(426, { 'content-type': 'text/plain' }).end('WebSocket only')
    })
    this.#http.server.on('upgrade', (req: IncomingMessage, socket: NetSocket, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'http://simulator')
      this.attempts += 1
      const verdict = this.#verdict(req, url)
      if (verdict.kind === 'refuse') {
        refuseUpgrade(socket, verdict.status, verdict.text)
        return
      }
      this.#wss.handleUpgrade(req, socket, head, (ws) => {
        if (verdict.kind === 'fail-after-upgrade') {
          ws.send(JSON.stringify(TOKEN_REFUSED_FRAME))
          ws.close()
          return
        }
        this.#accept(ws, verdict.role)
      })
    })
  }

  #accept(ws: WebSocket, role: SocketRole): void {
    const channel = 'ws-forward'
    const peer = new WsPeer(this.#ctx, wsPeerSocket(ws), channel, role, this.#bot)
    this.#peers.add(peer)
    ws.on('close', () => this.#peers.delete(peer))
    try {
      peer.greet()
    } catch (error) {
      this.#ctx.onError(asError(error))
    }
  }

  /** Close every accepted socket (abruptly: no close frame). */
  drop(abrupt: boolean, code = 1000, reason = 'simulator closed the connection'): void {
    for (const peer of this.#peers) {
      if (abrupt) peer.socket.terminate()
      else peer.socket.close(code, reason)
    }
  }

  async close(): Promise<void> {
    this.drop(true)
    this.#wss.close()
    await this.#http?.close()
  }
}
