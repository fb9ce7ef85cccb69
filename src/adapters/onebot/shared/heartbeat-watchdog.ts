/**
 * Liveness from heartbeats: after the first heartbeat, the peer is dead when no heartbeat arrives
 * within `max(factor * interval, interval + grace)`. Before the first one nothing is assumed (many
 * implementations send none on API sockets, or have them switched off).
 */
export class HeartbeatWatchdog {
  #timer: NodeJS.Timeout | undefined
  #stopped = false

  constructor(
    private readonly factor: number,
    private readonly graceMs: number,
    private readonly onDead: (silentForMs: number) => void,
  ) {}

  /** Records a heartbeat announcing `intervalMs` until the next one. */
  beat(intervalMs: unknown): void {
    if (this.#stopped || this.factor <= 0) return
    if (typeof intervalMs !== 'number' || !Number.isFinite(intervalMs) || intervalMs <= 0) return
    const limit = Math.max(this.factor * intervalMs, intervalMs + this.graceMs)
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      if (!this.#stopped) this.onDead(limit)
    }, limit)
    this.#timer.unref?.()
  }

  stop(): void {
    this.#stopped = true
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
  }
}
