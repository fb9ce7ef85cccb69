import { type Duration, durationMs } from '../config/duration.js'
import type { Logger } from '../log.js'
import type { Clock } from './clock.js'
import { cronSchedule } from './cron.js'
import { type CronOptions, Job, type JobFn, type JobOptions, type ScheduledJob } from './job.js'

/** A plugin's jobs (`ctx.cron`, `ctx.every`, `ctx.at`); `dispose` cancels them all. */
export class PluginScheduler {
  readonly #clock: Clock
  readonly #logger: Logger
  readonly #jobs = new Set<Job>()

  constructor(clock: Clock, logger: Logger) {
    this.#clock = clock
    this.#logger = logger
  }

  cron(expression: string, fn: JobFn, options: CronOptions = {}): ScheduledJob {
    const next = cronSchedule(expression, options.tz)
    return this.#add(`cron ${expression}`, next, next(this.#clock.now()), fn, options)
  }

  every(interval: Duration, fn: JobFn, options: JobOptions = {}): ScheduledJob {
    const ms = durationMs(interval, 'ctx.every interval')
    if (ms <= 0) throw new RangeError('ctx.every interval: must be more than 0')
    return this.#add(`every ${ms}ms`, (after) => after + ms, this.#clock.now() + ms, fn, options)
  }

  at(date: Date | string | number, fn: JobFn, options: JobOptions = {}): ScheduledJob {
    const when = new Date(date).getTime()
    if (Number.isNaN(when)) throw new RangeError(`ctx.at: not a date: ${String(date)}`)
    return this.#add(`at ${new Date(when).toISOString()}`, () => undefined, when, fn, options)
  }

  /** Arms a job with a custom next-run rule (the persistent jobs use it). */
  schedule(spec: {
    name: string
    first: number | undefined
    next: (after: number) => number | undefined
    fn: JobFn
    overlap?: boolean
  }): Job {
    return this.#add(spec.name, spec.next, spec.first, spec.fn, { name: spec.name, overlap: spec.overlap })
  }

  dispose(): void {
    for (const job of [...this.#jobs]) job.cancel()
  }

  #add(
    label: string,
    next: (after: number) => number | undefined,
    first: number | undefined,
    fn: JobFn,
    options: JobOptions,
  ): Job {
    let job: Job | undefined
    job = new Job(
      {
        clock: this.#clock,
        logger: this.#logger,
        name: options.name ?? label,
        overlap: options.overlap ?? false,
        next,
        fn,
        // Not during construction (no first run): `job` is not assigned yet, and was never added.
        onEnd: () => job && this.#jobs.delete(job),
      },
      first,
    )
    if (job.nextRun()) this.#jobs.add(job)
    return job
  }
}
