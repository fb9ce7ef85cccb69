import type { SimBot } from '../types.js'
import type { ModeContext } from './mode.js'
import { type SocketRole, WsPeer } from './ws-peer.js'

export interface DialOptions {
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  /** V12: `12.<impl>` offered in `Sec-WebSocket-Protocol`. */
  readonly protocols?: readonly string[]
  readonly role: SocketRole
  readonly bot: SimBot | undefined
}

/**
 * A reverse-WS client that keeps dialing, as implementations do: on close it waits
 * `reconnectIntervalMs` and dials again, until stopped.
 */
export class Dialer {
  readonly #ctx: ModeContext
  readonly #options: DialOptions
  #current: WsPeer | undefined
  readonly #all = new Set<WsPeer>()
  #timer: NodeJS.Timeout | undefined
  #stopped = true
  /** Dials made so far. */
  attempts = 0

  constructor(ctx: ModeContext, options: DialOptions) {
    this.#ctx = ctx
    this.#options = options
  }

  get connected(): boolean {
    return this.#current?.socket.isOpen === true
  }

  /** Every open socket this dialer made (more than one after `reconnect({ keepOld: true })`). */
  get peers(): WsPeer[] {
    return [...this.#all].filter((peer) => peer.socket.isOpen)
  }

  start(): void {
    this.#stopped = false
    this.#dial()
  }

  /** Stop dialing and close every socket (abruptly: no close frame). */
  stop(abrupt = false): void {
    this.#stopped = true
    clearTimeout(this.#timer)
    for (const peer of this.#all) closePeer(peer, abrupt)
  }

  /** Close the sockets; dial again after the interval when `redial`. */
  drop(abrupt: boolean, redial: boolean, code?: number, reason?: string): void {
    if (!redial) this.#stopped = true
    for (const peer of this.#all) closePeer(peer, abrupt, code, reason)
  }

  /** Dial now; without `keepOld` the old sockets are closed first. */
  redialNow(keepOld: boolean): void {
    clearTimeout(this.#timer)
    if (!keepOld) {
      const old = this.#current
      this.#current = undefined
      if (old) closePeer(old, false)
    }
    this.#stopped = false
    this.#dial()
  }

  #dial(): void {
    const { url, headers, protocols, role, bot } = this.#options
    this.attempts += 1
    const socket = this.#ctx.dial({ url, headers, protocols: protocols ?? [] })
    const peer = new WsPeer(this.#ctx, socket, 'ws-reverse', role, bot)
    this.#current = peer
    this.#all.add(peer)
    socket.onOpen(() => peer.greet())
    socket.onClose(() => {
      this.#all.delete(peer)
      if (this.#current !== peer || this.#stopped) return
      this.#current = undefined
      this.#timer = setTimeout(() => {
        if (!this.#stopped) this.#dial()
      }, this.#ctx.reconnectIntervalMs)
      this.#timer.unref()
    })
  }
}

function closePeer(
  peer: WsPeer,
  abrupt: boolean,
  code = 1000,
  reason = 'simulator closed the connection',
): void {
  if (abrupt) peer.socket.terminate()
  else peer.socket.close(code, reason)
}
