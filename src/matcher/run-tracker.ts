import type { CancelReason } from '../errors.js'
import { LogRateLimiter } from '../log/rate-limit.js'
import type { Logger } from '../log.js'
import type { Run } from './run.js'

/**
 * The runs alive right now, running or waiting for a reply, so that an unload or the shutdown can
 * end a plugin's conversations and wait for its handlers, and so that HANDLER_TIMEOUT can cancel a
 * handler that hangs.
 *
 * Every turn has the same time limit, so the running set, kept in the order turns started, is also
 * ordered by deadline: one timer armed for the oldest turn does for all of them (no timer per run).
 */
export class RunTracker {
  readonly #live = new Set<Run>()
  readonly #running = new Set<Run>()
  readonly #timeoutMs: number
  readonly #logger: Logger
  /** One HANDLER_TIMEOUT line per matcher a minute: 10,000 hung handlers must not flood the log. */
  readonly #timeoutLog = new LogRateLimiter()
  #timer: NodeJS.Timeout | undefined

  constructor(handlerTimeoutMs: number, logger: Logger) {
    this.#timeoutMs = handlerTimeoutMs
    this.#logger = logger
  }

  /** Runs alive (running or waiting). */
  get size(): number {
    return this.#live.size
  }

  add(run: Run): void {
    this.#live.add(run)
    this.running(run)
  }

  delete(run: Run): void {
    this.#live.delete(run)
    this.#running.delete(run)
  }

  /** The run waits for a reply: SESSION_EXPIRE_TIMEOUT bounds it now, not HANDLER_TIMEOUT. */
  waiting(run: Run): void {
    this.#running.delete(run)
  }

  /** A turn starts (or resumes): its HANDLER_TIMEOUT clock starts. */
  running(run: Run): void {
    if (!this.#live.has(run)) return
    run.turnStartedAt = Date.now()
    this.#running.delete(run)
    this.#running.add(run)
    if (this.#timer === undefined && Number.isFinite(this.#timeoutMs)) this.#arm(run.turnStartedAt)
  }

  /** The live runs of `plugin` (every plugin when undefined). */
  of(plugin: string | undefined): Run[] {
    const runs: Run[] = []
    for (const run of this.#live) if (plugin === undefined || run.plugin === plugin) runs.push(run)
    return runs
  }

  /** Ends the waiting conversations of `plugin` (all when undefined) and forbids new waits. */
  close(plugin: string | undefined, reason: CancelReason): void {
    for (const run of this.of(plugin)) run.close(reason)
  }

  /**
   * Waits up to `ms` for the runs of `plugin` to end; those still running then are abandoned.
   * Returns what was abandoned, described for one log line.
   */
  async drain(plugin: string | undefined, ms: number, reason: CancelReason): Promise<string[]> {
    const runs = this.of(plugin)
    if (runs.length === 0) return []
    let timer: NodeJS.Timeout | undefined
    const bound = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms)
    })
    await Promise.race([Promise.all(runs.map((run) => run.whenDone())), bound])
    clearTimeout(timer)
    return this.abandon(plugin, reason)
  }

  /** Abandons every live run of `plugin` (all when undefined); returns their descriptions, for the caller's log line. */
  abandon(plugin: string | undefined, reason: CancelReason): string[] {
    const now = Date.now()
    const left = this.of(plugin).filter((run) => !run.ended)
    const described = left.map((run) => run.describe(now))
    for (const run of left) run.abandon(reason)
    return described
  }

  #arm(startedAt: number): void {
    this.#timer = setTimeout(() => this.#expire(), Math.max(0, startedAt + this.#timeoutMs - Date.now()))
    this.#timer.unref?.()
  }

  #expire(): void {
    this.#timer = undefined
    const now = Date.now()
    for (const run of this.#running) {
      if (run.turnStartedAt + this.#timeoutMs > now) {
        this.#arm(run.turnStartedAt)
        return
      }
      this.#running.delete(run)
      run.abandon('timeout')
      this.#logTimeout(run)
    }
  }

  #logTimeout(run: Run): void {
    const { id, name, plugin } = run.record.info
    this.#timeoutLog.log(
      this.#logger,
      'warn',
      String(id),
      `matcher "${name}" of plugin "${plugin}" ran past HANDLER_TIMEOUT (${this.#timeoutMs} ms) handling ${run.ctx.name}; its context is cancelled (c.signal aborted), the event released and its later sends dropped`,
    )
  }
}
