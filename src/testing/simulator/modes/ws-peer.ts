import { encode } from '@msgpack/msgpack'
import { v11Meta, v12Meta } from '../events/index.js'
import type { ActionChannel, SimBot } from '../types.js'
import { parseActionRequest } from './action-request.js'
import type { ModeContext } from './mode.js'
import type { PeerSocket } from './peer-socket.js'

/**
 * What a socket carries: V11 roles (V12 sockets are always universal); `none` is an LLOneBot
 * forward socket on an unknown path, accepted and then ignored.
 */
export type SocketRole = 'universal' | 'api' | 'event' | 'none'

/**
 * One open WebSocket on the implementation side: answers action frames through the desk, sends
 * the connect meta events first and heartbeats after, like real implementations.
 */
export class WsPeer {
  readonly socket: PeerSocket
  readonly role: SocketRole
  /** V11: the bot this socket belongs to; V12: undefined (all bots share the socket). */
  readonly bot: SimBot | undefined
  readonly #ctx: ModeContext
  readonly #channel: ActionChannel
  #heartbeat: NodeJS.Timeout | undefined

  constructor(
    ctx: ModeContext,
    socket: PeerSocket,
    channel: ActionChannel,
    role: SocketRole,
    bot: SimBot | undefined,
  ) {
    this.#ctx = ctx
    this.socket = socket
    this.#channel = channel
    this.role = role
    this.bot = bot
    socket.onFrame((data, isBinary) => {
      this.#onFrame(data, isBinary).catch((error: unknown) => ctx.onError(asError(error)))
    })
    socket.onClose(() => this.#stopHeartbeat())
    socket.onError((error) => ctx.onError(error))
  }

  get carriesEvents(): boolean {
    return (this.role === 'universal' || this.role === 'event') && this.socket.isOpen
  }

  /** Send the meta events an implementation sends right after the connection opens. */
  greet(): void {
    if (this.role === 'api' || this.role === 'none') return
    const { profile, bots } = this.#ctx
    if (!this.#ctx.announce) {
      // A test sends its own start-up events.
    } else if (profile.version === 11) {
      const selfId = Number(this.bot?.id)
      // go-cqhttp tags only its forward-WS handshake with `_post_method`.
      const extra = this.#channel === 'ws-forward' ? profile.forwardLifecycleExtra : {}
      this.sendJson({ ...v11Meta.lifecycle('connect', { selfId }), ...extra })
    } else {
      this.sendJson(
        v12Meta.connect({ impl: profile.appName, version: profile.appVersion, onebot_version: '12' }),
      )
      this.sendJson(
        v12Meta.statusUpdate(
          bots.map((bot) => ({ self: { platform: bot.platform, user_id: bot.id }, online: true })),
        ),
      )
    }
    this.#startHeartbeat()
  }

  sendJson(value: unknown): void {
    this.send(JSON.stringify(value))
  }

  send(data: string | Uint8Array): void {
    this.socket.send(data)
  }

  #startHeartbeat(): void {
    const interval = this.#ctx.heartbeatIntervalMs
    if (interval === false) return
    // walle-core announces whole seconds; a faster test interval is sent as a fraction of one.
    const announced = this.#ctx.profile.heartbeatUnit === 's' ? interval / 1000 : interval
    this.#heartbeat = setInterval(() => {
      if (this.#ctx.profile.version === 11)
        this.sendJson(v11Meta.heartbeat(announced, { selfId: Number(this.bot?.id) }))
      else this.sendJson(v12Meta.heartbeat(announced))
    }, interval)
    this.#heartbeat.unref()
  }

  #stopHeartbeat(): void {
    if (this.#heartbeat) clearInterval(this.#heartbeat)
    this.#heartbeat = undefined
  }

  async #onFrame(data: Buffer, isBinary: boolean): Promise<void> {
    const { profile, desk } = this.#ctx
    // Event sockets ignore inbound frames, and so do LLOneBot's sockets on unknown paths.
    if ((this.role === 'event' || this.role === 'none') && profile.version === 11) return
    const binary = isBinary && profile.version === 12
    const request = parseActionRequest(data, binary)
    if (!request) {
      const retcode = profile.version === 12 ? 10001 : profile.badFrameRetcode
      if (retcode !== undefined)
        this.sendJson({ status: 'failed', retcode, data: null, message: 'bad request' })
      return
    }
    const answer = await desk.handle(request, this.bot, this.#channel, 'ws')
    if (!answer.response) return
    if (typeof answer.response === 'string') this.send(answer.response)
    else this.send(binary ? encode(answer.response) : JSON.stringify(answer.response))
  }
}

export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error))
}
