import type { Bot } from '../adapter/bot.js'
import type { IncomingEvent } from '../adapter/event.js'
import type { CancelReason } from '../errors.js'
import { LogRateLimiter } from '../log/rate-limit.js'
import type { Logger } from '../log.js'
import { CommandTrie } from './command.js'
import { ContextImpl } from './context.js'
import { type DispatchServices, EventRoot } from './event-root.js'
import { type MatchData, Matcher, MatcherRecord, type MatcherSpec } from './matcher.js'
import { answerRefusal } from './refusal-answer.js'
import { matchesKey } from './rule.js'
import {
  type AfterRunHook,
  type BeforeRunHook,
  type HookEntry,
  Run,
  type RunListener,
  type RunServices,
} from './run.js'
import { RunTracker } from './run-tracker.js'
import { SessionStore } from './session.js'
import { isSignal } from './signal.js'
import { traceEvent, traceMatcher } from './trace.js'
import type { EventContext, MatcherInfo, MaybePromise } from './types.js'

export type EventHook = (c: EventContext) => MaybePromise<void>

export interface DispatcherOptions {
  readonly logger: Logger
  readonly superusers: readonly string[]
  readonly commandStart: readonly string[]
  readonly commandSep: readonly string[]
  readonly sessionTimeoutMs: number
  /** HANDLER_TIMEOUT in ms: a turn running longer is cancelled. @default Infinity */
  readonly handlerTimeoutMs?: number
  /** MAX_HANDLERS_PER_BOT: events one bot may have in handling at once; more are shed. @default Infinity */
  readonly maxHandlersPerBot?: number
}

interface PriorityGroup {
  readonly priority: number
  readonly matchers: MatcherRecord[]
}

/**
 * Matchers by priority and the event loop over them: event pre-processors, waiting sessions,
 * then priorities ascending (one priority concurrently, `block` stops lower ones), post-processors.
 */
export class Dispatcher implements DispatchServices, RunServices {
  readonly logger: Logger
  readonly superusers: ReadonlySet<string>
  readonly commands: CommandTrie
  readonly sessions = new SessionStore()
  readonly sessionTimeoutMs: number
  readonly beforeEvent = new Set<HookEntry<EventHook>>()
  readonly afterEvent = new Set<HookEntry<EventHook>>()
  readonly beforeRun = new Set<HookEntry<BeforeRunHook>>()
  readonly afterRun = new Set<HookEntry<AfterRunHook>>()
  /** Told how each matcher turn ends (finished, paused, rejected...); the test kit listens here. */
  readonly runListeners = new Set<RunListener>()
  /** Runs alive (running or waiting for a reply), for unload, shutdown and HANDLER_TIMEOUT. */
  readonly runs: RunTracker
  readonly #matchers = new Set<MatcherRecord>()
  #groups: PriorityGroup[] | undefined
  /** Matchers that can see an event, by kind and name: filtered once per distinct event name. */
  readonly #byName = new Map<string, PriorityGroup[]>()
  #inFlight = 0
  #idle: (() => void)[] = []
  readonly #maxPerBot: number
  readonly #perBot = new Map<Bot, number>()
  readonly #shedLog = new LogRateLimiter({ windowMs: 10_000 })
  /** Per-chat switches (set only while something is switched off): a matcher it refuses does not see the event. */
  gate: ((record: MatcherRecord, root: EventRoot) => boolean) | undefined
  /** Called for a message no matcher ran for ("did you mean"); returns a promise only when it answers. */
  unmatched: ((root: EventRoot) => Promise<void> | undefined) | undefined

  constructor(options: DispatcherOptions) {
    this.logger = options.logger
    this.superusers = new Set(options.superusers)
    this.commands = new CommandTrie(options.commandStart, options.commandSep)
    this.sessionTimeoutMs = options.sessionTimeoutMs
    this.runs = new RunTracker(options.handlerTimeoutMs ?? Number.POSITIVE_INFINITY, options.logger)
    this.#maxPerBot = options.maxHandlersPerBot ?? Number.POSITIVE_INFINITY
  }

  /** Registers a matcher; `dispose()` on the result removes it. */
  add<C>(spec: MatcherSpec): Matcher<C> {
    const record = new MatcherRecord(spec)
    this.#matchers.add(record)
    for (const path of spec.commands) record.onDispose(this.commands.add(path))
    record.onDispose(() => {
      this.#matchers.delete(record)
      this.#invalidate()
    })
    this.#invalidate()
    return new Matcher<C>(record)
  }

  /** Every live matcher record, in registration order. */
  records(): readonly MatcherRecord[] {
    return [...this.#matchers]
  }

  /** Every live matcher, by priority. */
  list(): MatcherInfo[] {
    return this.#sorted().flatMap((group) => group.matchers.map((m) => m.info))
  }

  /** Resolves when no event is being handled (runs waiting for a next message do not count). */
  idle(): Promise<void> {
    if (this.#inFlight === 0) return Promise.resolve()
    return new Promise((resolve) => this.#idle.push(resolve))
  }

  async handle(event: IncomingEvent): Promise<void> {
    const bot = event.bot
    const busy = this.#perBot.get(bot) ?? 0
    if (busy >= this.#maxPerBot) return this.#shed(event, busy)
    this.#perBot.set(bot, busy + 1)
    this.#inFlight++
    const root = new EventRoot(event, this)
    if (this.logger.isLevelEnabled('debug')) {
      root.trace = true
      traceEvent(this.logger, event)
    }
    root.retain()
    try {
      if (!(await this.#runEventHooks(this.beforeEvent, root, true))) return
      const resumed = this.sessions.take(root)
      if (resumed) {
        if (root.trace) this.logger.debug(`  continues ${resumed.length} waiting conversation(s)`)
        await Promise.all(resumed)
      } else {
        await this.#runMatchers(root)
        const answering = !root.ran && event.kind === 'message' ? this.unmatched?.(root) : undefined
        if (answering) await this.#awaitUnmatched(answering, root)
      }
      await this.#runEventHooks(this.afterEvent, root, false)
    } finally {
      root.release()
      const left = (this.#perBot.get(bot) ?? 1) - 1
      if (left === 0) this.#perBot.delete(bot)
      else this.#perBot.set(bot, left)
      if (--this.#inFlight === 0) for (const resolve of this.#idle.splice(0)) resolve()
    }
  }

  /** Ends every waiting conversation (shutdown, or `plugin`'s unload); running handlers may finish. */
  close(reason: CancelReason = 'shutdown', plugin?: string): void {
    this.runs.close(plugin, reason)
    if (plugin === undefined) this.sessions.closeAll()
  }

  #shed(event: IncomingEvent, busy: number): void {
    this.#shedLog.log(
      this.logger,
      'warn',
      `${event.adapter}:${event.bot.selfId}`,
      `bot ${event.bot.selfId} (${event.adapter}) has ${busy} events in handling (MAX_HANDLERS_PER_BOT); ${event.name} was dropped`,
    )
  }

  async #runMatchers(root: EventRoot): Promise<void> {
    const event = root.incoming
    const groups = this.#groupsFor(event)
    for (const [g, group] of groups.entries()) {
      const runs: Promise<boolean>[] = []
      const ran: MatcherRecord[] = []
      for (const record of group.matchers) {
        if (record.disposed) continue
        if (record.spec.expireAt !== undefined && Date.now() > record.spec.expireAt) {
          if (root.trace) traceMatcher(this.logger, record.info, root.name, 'expired')
          record.dispose()
          continue
        }
        if (record.spec.adapters && !record.spec.adapters.has(event.adapter)) {
          if (root.trace) traceMatcher(this.logger, record.info, root.name, 'not for this adapter')
          continue
        }
        if (this.gate && !this.gate(record, root)) {
          if (root.trace) traceMatcher(this.logger, record.info, root.name, 'switched off')
          continue
        }
        // The built-in test (command, text, regex) is synchronous and cheap: no promise unless it matches.
        let match: MatchData | undefined
        if (record.spec.test) {
          try {
            match = record.spec.test(root)
          } catch (error) {
            this.#ruleFailed(record, root, error)
            continue
          }
          if (!match) {
            if (root.trace) traceMatcher(this.logger, record.info, root.name, 'no match')
            continue
          }
        }
        runs.push(this.#tryRun(record, root, match))
        if (root.trace) ran.push(record)
      }
      if (runs.length === 0) continue
      const stops = await Promise.all(runs)
      const stopper = stops.indexOf(true)
      if (stopper < 0) continue
      if (root.trace) this.#traceBlocked(groups.slice(g + 1), root, ran[stopper])
      return
    }
  }

  /** Checks and runs one matcher; resolves `true` when it ran and stops propagation. */
  async #tryRun(record: MatcherRecord, root: EventRoot, match: MatchData | undefined): Promise<boolean> {
    let run: Run
    try {
      const ctx = new ContextImpl(record, root, match)
      if (record.spec.permission && !(await record.spec.permission(ctx))) {
        if (root.trace) traceMatcher(this.logger, record.info, root.name, 'permission failed')
        if (record.spec.onRefused) await answerRefusal(record, ctx, this.logger)
        return false
      }
      if (record.spec.rule && !(await record.spec.rule(ctx))) {
        if (root.trace) traceMatcher(this.logger, record.info, root.name, 'rule failed')
        return false
      }
      // Unloaded (or a temporary matcher already taken) while its rule ran: it must not answer.
      if (record.disposed) return false
      // NoneBot destroys a temporary matcher before running it.
      if (record.spec.temp) record.dispose()
      if (root.trace) traceMatcher(this.logger, record.info, root.name, 'runs')
      run = new Run(this, record, ctx)
    } catch (error) {
      this.#ruleFailed(record, root, error)
      return false
    }
    const ran = await run.start()
    if (ran) root.ran = true
    return ran && (record.spec.block || run.stopped)
  }

  #traceBlocked(lower: PriorityGroup[], root: EventRoot, by: MatcherRecord | undefined): void {
    const why = by ? `stopped by "${by.info.name}"` : undefined
    for (const group of lower) {
      for (const record of group.matchers) {
        if (!record.disposed) traceMatcher(this.logger, record.info, root.name, 'blocked', why)
      }
    }
  }

  async #awaitUnmatched(answering: Promise<void>, root: EventRoot): Promise<void> {
    try {
      await answering
    } catch (error) {
      this.logger.error({ err: error, event: root.name }, 'answering an unknown command failed')
    }
  }

  #ruleFailed(record: MatcherRecord, root: EventRoot, error: unknown): void {
    const { name, plugin } = record.info
    if (root.trace) traceMatcher(this.logger, record.info, root.name, 'rule or permission threw')
    this.logger.error(
      { err: error, plugin, matcher: name, event: root.name },
      `rule or permission of matcher "${name}" of plugin "${plugin}" failed; matcher skipped`,
    )
  }

  async #runEventHooks(
    hooks: ReadonlySet<HookEntry<EventHook>>,
    root: EventRoot,
    pre: boolean,
  ): Promise<boolean> {
    if (hooks.size === 0) return true
    const entries = [...hooks]
    const results = await Promise.allSettled(entries.map(async (hook) => hook.fn(root)))
    let proceed = true
    for (const [i, result] of results.entries()) {
      if (result.status === 'fulfilled') continue
      proceed = false
      if (isSignal(result.reason) && result.reason.kind === 'skipEvent') {
        if (this.logger.isLevelEnabled('debug')) {
          this.logger.debug(
            { event: root.name, reason: result.reason.reason },
            'event skipped by a pre-processor',
          )
        }
        continue
      }
      this.logger.error(
        { err: result.reason, plugin: entries[i]!.plugin, event: root.name },
        pre ? 'event pre-processor failed; event ignored' : 'event post-processor failed',
      )
    }
    return proceed
  }

  #invalidate(): void {
    this.#groups = undefined
    this.#byName.clear()
  }

  #sorted(): PriorityGroup[] {
    if (this.#groups) return this.#groups
    const byPriority = new Map<number, MatcherRecord[]>()
    for (const record of this.#matchers) {
      const list = byPriority.get(record.spec.priority)
      if (list) list.push(record)
      else byPriority.set(record.spec.priority, [record])
    }
    this.#groups = [...byPriority.entries()]
      .sort(([a], [b]) => a - b)
      .map(([priority, matchers]) => ({ priority, matchers }))
    return this.#groups
  }

  #groupsFor(event: IncomingEvent): PriorityGroup[] {
    const cacheKey = `${event.kind}\0${event.name}`
    let groups = this.#byName.get(cacheKey)
    if (groups) return groups
    groups = []
    for (const group of this.#sorted()) {
      const matchers = group.matchers.filter((m) => canSee(m, event.kind, event.name))
      if (matchers.length > 0) groups.push({ priority: group.priority, matchers })
    }
    // Names are a small set per protocol; the cap only guards against an adapter inventing names.
    if (this.#byName.size > 4096) this.#byName.clear()
    this.#byName.set(cacheKey, groups)
    return groups
  }
}

function canSee(record: MatcherRecord, kind: string, name: string): boolean {
  if (kind === 'message_sent' && record.messageOnly) return false
  const { keys, kinds } = record.spec
  if (kinds && !kinds.includes(kind)) return false
  if (keys && !keys.some((key) => matchesKey(name, key))) return false
  return true
}
