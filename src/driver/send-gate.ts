import type WebSocket from 'ws'

export interface SendLimits {
  /** Bytes the socket may have queued before new frames wait. */
  readonly maxBuffered: number
  /** How long waiting frames may wait for the peer to read before the connection is given up. */
  readonly drainTimeoutMs: number
}

/**
 * Outgoing back-pressure for one WebSocket. Frames go straight out while the socket's queue is
 * under `maxBuffered`; past it they wait here (at most `maxBuffered` bytes more) and are sent as
 * the peer reads. When the peer reads nothing for `drainTimeoutMs`, or the waiting room overflows,
 * `onStall` is told once with the reason (the owner closes the connection). Memory per connection
 * is thus at most twice the limit plus two frames, whatever the peer does.
 */
export class SendGate {
  readonly #waiting: Array<string | Uint8Array> = []
  #waitingBytes = 0
  #timer: NodeJS.Timeout | undefined
  #stalled = false
  readonly #written = () => this.#drain()

  constructor(
    private readonly ws: WebSocket,
    private readonly limits: SendLimits,
    private readonly onStall: (reason: string) => void,
  ) {}

  /** Whether the gate gave up on the peer (sends are dropped from then on). */
  get stalled(): boolean {
    return this.#stalled
  }

  send(data: string | Uint8Array): void {
    if (this.#stalled) return
    if (this.#waiting.length === 0 && this.ws.bufferedAmount <= this.limits.maxBuffered) {
      this.ws.send(data, this.#written)
      return
    }
    const size = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength
    // One frame always fits in an empty waiting room (a large image must not end a healthy link).
    if (this.#waitingBytes > 0 && this.#waitingBytes + size > this.limits.maxBuffered) {
      this.#stall(
        `send buffer full (${this.ws.bufferedAmount + this.#waitingBytes} bytes queued, the peer is not reading)`,
      )
      return
    }
    this.#waiting.push(data)
    this.#waitingBytes += size
    this.#timer ??= this.#arm()
  }

  /** Drops what waits (the connection is closing). */
  clear(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
    this.#waiting.length = 0
    this.#waitingBytes = 0
  }

  /** A write completed: send what waits while the socket's queue is under the limit. */
  #drain(): void {
    if (this.#stalled || this.#waiting.length === 0 || this.ws.readyState !== 1) return
    let progressed = false
    while (this.#waiting.length > 0 && this.ws.bufferedAmount <= this.limits.maxBuffered) {
      const data = this.#waiting.shift()!
      this.#waitingBytes -= typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength
      this.ws.send(data, this.#written)
      progressed = true
    }
    if (!progressed) return
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = this.#waiting.length > 0 ? this.#arm() : undefined
  }

  #arm(): NodeJS.Timeout {
    const timer = setTimeout(
      () =>
        this.#stall(
          `the peer read nothing for ${this.limits.drainTimeoutMs} ms with ${this.ws.bufferedAmount + this.#waitingBytes} bytes queued`,
        ),
      this.limits.drainTimeoutMs,
    )
    timer.unref()
    return timer
  }

  #stall(reason: string): void {
    if (this.#stalled) return
    this.#stalled = true
    this.clear()
    this.onStall(reason)
  }
}
