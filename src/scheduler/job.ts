import type { Logger } from '../log.js'
import type { Clock } from './clock.js'

/** What a scheduled job runs. */
export type JobFn = () => unknown

export interface JobOptions {
  /** For logs. @default the schedule (`cron 0 8 * * *`, `every 60000ms`, `at 2026-...`) */
  readonly name?: string
  /** Start a run while the previous one still runs. @default false (that run is skipped and logged) */
  readonly overlap?: boolean
}

export interface CronOptions extends JobOptions {
  /** IANA time zone of the expression (`Asia/Shanghai`). @default the process's zone */
  readonly tz?: string
}

/** A job on the app's clock: `ctx.cron`, `ctx.every`, `ctx.at` return one. */
export interface ScheduledJob {
  readonly name: string
  /** When it runs next; undefined once it has no more runs (or was cancelled). */
  nextRun(): Date | undefined
  /** True while a run is in progress. */
  readonly running: boolean
  /** Stops it (a run in progress finishes). Unloading the plugin does this too. */
  cancel(): void
}

export interface JobSpec {
  readonly clock: Clock
  readonly logger: Logger
  readonly name: string
  readonly overlap: boolean
  /** The run after one due at `after`; undefined when there is none. */
  readonly next: (after: number) => number | undefined
  readonly fn: JobFn
  /** Called once the job has no more runs, or is cancelled. */
  readonly onEnd?: () => void
}

/**
 * One job's timer: arms the next run before starting this one (so the schedule never drifts by a
 * run's duration), skips a run while the previous still runs (unless `overlap`), and logs a throw
 * with the plugin and job name, keeping the schedule.
 */
export class Job implements ScheduledJob {
  readonly name: string
  readonly #spec: JobSpec
  #cancelTimer: (() => void) | undefined
  #next: number | undefined
  #running = 0
  #ended = false

  constructor(spec: JobSpec, first: number | undefined) {
    this.#spec = spec
    this.name = spec.name
    this.#arm(first)
  }

  get running(): boolean {
    return this.#running > 0
  }

  nextRun(): Date | undefined {
    return this.#next === undefined ? undefined : new Date(this.#next)
  }

  cancel(): void {
    this.#cancelTimer?.()
    this.#end()
  }

  /** Runs now (outside the schedule), with the same overlap and error rules. */
  async run(): Promise<void> {
    const { logger, name } = this.#spec
    if (this.#running > 0 && !this.#spec.overlap) {
      logger.warn({ job: name }, `job "${name}" is still running; skipped the run due now`)
      return
    }
    this.#running++
    try {
      await this.#spec.fn()
    } catch (error) {
      logger.error({ err: error, job: name }, `job "${name}" failed (it keeps its schedule)`)
    } finally {
      this.#running--
    }
  }

  #arm(at: number | undefined): void {
    if (at === undefined || this.#ended) {
      this.#end()
      return
    }
    this.#next = at
    this.#cancelTimer = this.#spec.clock.setTimer(at, () => {
      this.#arm(this.#spec.next(at))
      return this.run()
    })
  }

  #end(): void {
    this.#next = undefined
    if (this.#ended) return
    this.#ended = true
    this.#spec.onEnd?.()
  }
}
