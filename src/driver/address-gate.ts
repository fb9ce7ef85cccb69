import type { Socket as NetSocket } from 'node:net'

/**
 * Caps the connections one address holds before any of them is trusted (a WebSocket accepted, an
 * HTTP request answered below 400). A client opening hundreds of sockets and sending nothing, or
 * headers one byte at a time, is refused at the TCP accept instead of holding memory and
 * timers; connections that proved themselves no longer count.
 */
export class AddressGate {
  readonly #pending = new Map<string, number>()
  readonly #counted = new WeakSet<NetSocket>()

  constructor(private readonly max: number) {}

  /** Counts a new connection; false when its address is already at the cap (refuse it). */
  admit(socket: NetSocket): boolean {
    if (this.max <= 0) return true
    const address = socket.remoteAddress ?? ''
    const count = this.#pending.get(address) ?? 0
    if (count >= this.max) return false
    this.#pending.set(address, count + 1)
    this.#counted.add(socket)
    socket.once('close', () => this.trust(socket))
    return true
  }

  /** The connection proved itself (or closed): it no longer counts against its address. */
  trust(socket: NetSocket): void {
    if (!this.#counted.delete(socket)) return
    const address = socket.remoteAddress ?? ''
    const count = (this.#pending.get(address) ?? 1) - 1
    if (count <= 0) this.#pending.delete(address)
    else this.#pending.set(address, count)
  }

  /** Connections not yet trusted from `address`. */
  pending(address: string): number {
    return this.#pending.get(address) ?? 0
  }
}
