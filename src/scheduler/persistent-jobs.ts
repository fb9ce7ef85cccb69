import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { type Duration, durationMs } from '../config/duration.js'
import type { Logger } from '../log.js'
import { decodeValue, encodeValue } from '../store/json-codec.js'
import type { StoreTables } from '../store/tables.js'
import type { Clock } from './clock.js'
import { cronSchedule } from './cron.js'
import type { Job } from './job.js'
import type { PluginScheduler } from './plugin-scheduler.js'

/** What to do with a run that fell due while the bot was down. */
export type MissedRuns = 'skip' | 'run-once'

/** A stored job's schedule: one of `cron` (+ `tz`), `every`, `at`. */
export interface JobSchedule {
  readonly cron?: string
  readonly tz?: string
  /** Milliseconds (or a duration string when adding). */
  readonly every?: number
  /** Milliseconds since the epoch. */
  readonly at?: number
}

export interface AddJobOptions<D> {
  /** Same id again replaces the job. @default a random UUID */
  readonly id?: string
  /** Handed to the handler at each run; JSON, bigint-safe. */
  readonly data?: D
  readonly cron?: string
  readonly tz?: string
  readonly every?: Duration
  readonly at?: Date | string | number
  /** Runs missed while the bot was down: `run-once` runs once at start, `skip` waits for the next. @default 'run-once' */
  readonly missed?: MissedRuns
}

export interface StoredJob<D = unknown> {
  readonly id: string
  readonly kind: string
  readonly data: D
  readonly schedule: JobSchedule
  readonly missed: MissedRuns
  readonly nextRun: Date
}

export type JobHandler<D> = (data: D, job: StoredJob<D>) => unknown

interface Row {
  id: string
  kind: string
  schedule: string
  data: string
  missed: string
  next_run: number
}

/**
 * `ctx.jobs`: jobs a plugin creates at run time (a user's `/remind 08:00 ...`), stored in the app's
 * database (`nbts_jobs`) so they survive a restart. `define(kind, handler)` in `setup` arms the
 * stored jobs of that kind; `add` stores (and arms) one. A run is recorded before it starts, so a
 * crash mid-run never repeats it (at most once).
 */
export class PersistentJobs {
  readonly #plugin: string
  readonly #open: () => Promise<Kysely<StoreTables>>
  readonly #scheduler: PluginScheduler
  readonly #clock: Clock
  readonly #logger: Logger
  readonly #handlers = new Map<string, JobHandler<never>>()
  readonly #armed = new Map<string, Job>()

  constructor(deps: {
    plugin: string
    open: () => Promise<Kysely<StoreTables>>
    scheduler: PluginScheduler
    clock: Clock
    logger: Logger
  }) {
    this.#plugin = deps.plugin
    this.#open = deps.open
    this.#scheduler = deps.scheduler
    this.#clock = deps.clock
    this.#logger = deps.logger
  }

  /** Sets the handler of `kind` and arms its stored jobs, applying each one's missed-run policy. */
  async define<D = unknown>(kind: string, handler: JobHandler<D>): Promise<void> {
    this.#handlers.set(kind, handler as JobHandler<never>)
    const db = await this.#open()
    const rows = await db
      .selectFrom('nbts_jobs')
      .select(['id', 'kind', 'schedule', 'data', 'missed', 'next_run'])
      .where('plugin', '=', this.#plugin)
      .where('kind', '=', kind)
      .execute()
    const now = this.#clock.now()
    for (const row of rows) {
      if (row.next_run >= now || row.missed === 'run-once') {
        this.#arm(row, Math.max(row.next_run, now))
        continue
      }
      const next = nextAfter(parseSchedule(row.schedule), row.next_run, now)
      this.#logger.info({ job: row.id }, `job ${kind}/${row.id} missed its run while down; skipped`)
      if (next === undefined) await this.#delete(row.id)
      else {
        await db
          .updateTable('nbts_jobs')
          .set({ next_run: next })
          .where('plugin', '=', this.#plugin)
          .where('id', '=', row.id)
          .execute()
        this.#arm({ ...row, next_run: next }, next)
      }
    }
  }

  /** Stores a job (replacing one with the same id) and arms it when its kind has a handler. */
  async add<D = unknown>(kind: string, options: AddJobOptions<D>): Promise<StoredJob<D>> {
    const schedule = toSchedule(options)
    const first = nextRun(schedule, this.#clock.now(), true)
    if (first === undefined) throw new RangeError(`ctx.jobs.add: the schedule of ${kind} has no future run`)
    const row: Row = {
      id: options.id ?? randomUUID(),
      kind,
      schedule: JSON.stringify(schedule),
      data: encodeValue(options.data ?? null),
      missed: options.missed ?? 'run-once',
      next_run: first,
    }
    const db = await this.#open()
    await db
      .insertInto('nbts_jobs')
      .values({ ...row, plugin: this.#plugin, created_at: this.#clock.now() })
      .onConflict((oc) => oc.columns(['plugin', 'id']).doUpdateSet({ ...row }))
      .execute()
    this.#armed.get(row.id)?.cancel()
    if (this.#handlers.has(kind)) this.#arm(row, first)
    return toStored<D>(row)
  }

  /** Cancels and forgets a job; true when it existed. */
  async cancel(id: string): Promise<boolean> {
    this.#armed.get(id)?.cancel()
    return this.#delete(id)
  }

  /** The stored jobs (of one kind), soonest first. */
  async list<D = unknown>(kind?: string): Promise<StoredJob<D>[]> {
    const db = await this.#open()
    let query = db
      .selectFrom('nbts_jobs')
      .select(['id', 'kind', 'schedule', 'data', 'missed', 'next_run'])
      .where('plugin', '=', this.#plugin)
    if (kind !== undefined) query = query.where('kind', '=', kind)
    const rows = await query.orderBy('next_run').orderBy('id').execute()
    return rows.map((row) => toStored<D>(row))
  }

  #arm(row: Row, first: number): void {
    const schedule = parseSchedule(row.schedule)
    const job = this.#scheduler.schedule({
      name: `${row.kind}/${row.id}`,
      first,
      next: (after) => nextRun(schedule, after),
      fn: async () => {
        const next = job.nextRun()?.getTime()
        const db = await this.#open()
        if (next === undefined) await this.#delete(row.id)
        else {
          await db
            .updateTable('nbts_jobs')
            .set({ next_run: next })
            .where('plugin', '=', this.#plugin)
            .where('id', '=', row.id)
            .execute()
        }
        const handler = this.#handlers.get(row.kind)
        await handler?.(decodeValue<never>(row.data), toStored<never>(row))
      },
    })
    this.#armed.set(row.id, job)
  }

  async #delete(id: string): Promise<boolean> {
    const db = await this.#open()
    const result = await db
      .deleteFrom('nbts_jobs')
      .where('plugin', '=', this.#plugin)
      .where('id', '=', id)
      .executeTakeFirst()
    this.#armed.delete(id)
    return result.numDeletedRows > 0n
  }
}

function toSchedule(options: AddJobOptions<unknown>): JobSchedule {
  const kinds = [options.cron, options.every, options.at].filter((v) => v !== undefined).length
  if (kinds !== 1) throw new TypeError('ctx.jobs.add: give exactly one of cron, every, at')
  if (options.cron !== undefined) {
    cronSchedule(options.cron, options.tz)
    return { cron: options.cron, ...(options.tz ? { tz: options.tz } : {}) }
  }
  if (options.every !== undefined) {
    const every = durationMs(options.every, 'ctx.jobs.add every')
    if (every <= 0) throw new RangeError('ctx.jobs.add every: must be more than 0')
    return { every }
  }
  const at = new Date(options.at!).getTime()
  if (Number.isNaN(at)) throw new RangeError(`ctx.jobs.add at: not a date: ${String(options.at)}`)
  return { at }
}

/** The run after `after` (`first`: the first run of a new job, which for `at` is the date itself). */
function nextRun(schedule: JobSchedule, after: number, first = false): number | undefined {
  if (schedule.cron !== undefined) return cronSchedule(schedule.cron, schedule.tz)(after)
  if (schedule.every !== undefined) return after + schedule.every
  if (schedule.at !== undefined && first) return Math.max(schedule.at, after)
  return undefined
}

/** The first run after `now` of a schedule last due at `due`; `every` keeps its phase. */
function nextAfter(schedule: JobSchedule, due: number, now: number): number | undefined {
  if (schedule.every === undefined) return nextRun(schedule, now)
  return due + Math.floor((now - due) / schedule.every + 1) * schedule.every
}

function parseSchedule(text: string): JobSchedule {
  return JSON.parse(text) as JobSchedule
}

function toStored<D>(row: Row): StoredJob<D> {
  return {
    id: row.id,
    kind: row.kind,
    data: decodeValue<D>(row.data),
    schedule: parseSchedule(row.schedule),
    missed: row.missed === 'skip' ? 'skip' : 'run-once',
    nextRun: new Date(row.next_run),
  }
}
