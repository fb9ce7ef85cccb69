import type WebSocket from 'ws'

/**
 * Pings every WebSocket of a server on one timer. A peer that has not answered the previous ping
 * (a pong, or any frame) by the next one is cut: its TCP connection is dead or it is not reading,
 * and either way it holds a socket and buffers for nothing.
 */
export class WsKeepalive {
  readonly #alive = new Map<WebSocket, boolean>()
  readonly #onDead = new Map<WebSocket, () => void>()
  #timer: NodeJS.Timeout | undefined

  constructor(private readonly intervalMs: number) {}

  /** Pings `ws` from now on; `onDead` is told before a silent one is cut. */
  watch(ws: WebSocket, onDead: () => void): void {
    if (this.intervalMs <= 0) return
    this.#alive.set(ws, true)
    this.#onDead.set(ws, onDead)
    const alive = () => this.#alive.has(ws) && this.#alive.set(ws, true)
    ws.on('pong', alive)
    ws.on('message', alive)
    ws.once('close', () => {
      this.#alive.delete(ws)
      this.#onDead.delete(ws)
    })
    this.#timer ??= setInterval(() => this.#tick(), this.intervalMs).unref()
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = undefined
    this.#alive.clear()
    this.#onDead.clear()
  }

  #tick(): void {
    for (const [ws, alive] of this.#alive) {
      if (!alive) {
        this.#alive.delete(ws)
        this.#onDead.get(ws)?.()
        this.#onDead.delete(ws)
        ws.terminate()
        continue
      }
      this.#alive.set(ws, false)
      if (ws.readyState === 1) ws.ping()
    }
    if (this.#alive.size === 0) this.stop()
  }
}
