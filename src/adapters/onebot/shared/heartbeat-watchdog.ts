/**
 * Liveness from heartbeats: after the first heartbeat, the peer is dead when it stays silent for
 * `max(factor * interval, interval + grace)`. Silent means no heartbeat, and no other frame either
 * when the owner reports frames with `alive()`. Before the first heartbeat nothing is assumed (many
 * implementations send none on API sockets, or have them switched off).
 */
export class HeartbeatWatchdog {
  #timer: NodeJS.Timeout | undefined
  #stopped = false
  #limitMs = 0
  #lastSignAt = 0

  constructor(
    private readonly factor: number,
    private readonly graceMs: number,
    private readonly onDead: (silentForMs: number) => void,
    // Looked up on each call, so fake clocks installed after construction apply.
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Records a heartbeat announcing `intervalMs` until the next one. */
  beat(intervalMs: unknown): void {
    if (this.#stopped || this.factor <= 0) return
    if (typeof intervalMs !== 'number' || !Number.isFinite(intervalMs) || intervalMs <= 0) return
    this.#limitMs = Math.max(this.factor * intervalMs, intervalMs + this.graceMs)
    this.#lastSignAt = this.now()
    this.#arm(this.#limitMs)
  }

  /** Any other frame proves the peer alive too; cheap enough for every frame (no timer work). */
  alive(): void {
    if (this.#timer) this.#lastSignAt = this.now()
  }

  stop(): void {
    this.#stopped = true
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
  }

  #arm(delayMs: number): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = setTimeout(() => this.#check(), delayMs)
    this.#timer.unref?.()
  }

  #check(): void {
    this.#timer = undefined
    if (this.#stopped) return
    const silentMs = this.now() - this.#lastSignAt
    if (silentMs < this.#limitMs) this.#arm(this.#limitMs - silentMs)
    else this.onDead(this.#limitMs)
  }
}
