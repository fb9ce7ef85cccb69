import type { SendOptions } from '../adapter/bot.js'
import type { IncomingEvent } from '../adapter/event.js'
import { durationMs } from '../config/duration.js'
import { CancelledError, type CancelReason } from '../errors.js'
import type { Logger } from '../log.js'
import type { MessageInput } from '../message/segment.js'
import type { ContextImpl, RunControl } from './context.js'
import type { MatcherRecord, Step } from './matcher.js'
import {
  type AfterRunHook,
  type BeforeRunHook,
  type HookEntry,
  runAfterHooks,
  runBeforeHooks,
} from './run-hooks.js'
import type { RunTracker } from './run-tracker.js'
import { type PendingWait, type Resumption, SessionStore } from './session.js'
import { ControlSignal, isSignal, type SignalKind } from './signal.js'
import { traceOutcome } from './trace.js'
import type { MatcherInfo, PromptOptions } from './types.js'

export type { AfterRunHook, BeforeRunHook, HookEntry } from './run-hooks.js'

/**
 * How one turn of a matcher's run ended: `paused` (waits for the next message, then the next
 * handler: `pause`, `c.prompt`), `rejected` (waits, then the same handler again: `reject`,
 * `rejectArg`, a `got` asking), `finished` (ran to the end or `finish`), `expired` (no answer in
 * time, or an event without a session to wait in), `cancelled` (ended by an unload, the shutdown or
 * HANDLER_TIMEOUT), `failed` (a handler threw).
 */
export type RunOutcomeKind = 'finished' | 'paused' | 'rejected' | 'expired' | 'cancelled' | 'failed'

export interface RunOutcome {
  readonly kind: RunOutcomeKind
  readonly matcher: MatcherInfo
  /** The event the turn handled. */
  readonly event: IncomingEvent
  /** What a failed handler threw; the `CancelledError` of a cancelled run. */
  readonly error?: unknown
}

/** Told of every turn's outcome (the test kit listens). Called synchronously; must not throw. */
export type RunListener = (outcome: RunOutcome) => void

/** What a run needs from the dispatcher. */
export interface RunServices {
  readonly logger: Logger
  readonly sessions: SessionStore
  readonly sessionTimeoutMs: number
  readonly beforeRun: ReadonlySet<HookEntry<BeforeRunHook>>
  readonly afterRun: ReadonlySet<HookEntry<AfterRunHook>>
  readonly runListeners: ReadonlySet<RunListener>
  readonly runs: RunTracker
}

/**
 * One matcher handling one event, across as many turns as the conversation takes. The dispatcher
 * awaits only until the run first waits for the next event (or ends), so a prompting matcher never
 * holds up lower priorities; every resumed turn is awaited by the dispatch of the event that resumed it.
 *
 * A run can be cancelled with a reason: waiting for a reply when its plugin unloads or the app stops
 * (the wait ends at once, `c.prompt()` rejects with `CancelledError`), or still running when the
 * drain's bound or HANDLER_TIMEOUT passes (it is abandoned: `c.signal` aborts, its later sends are
 * dropped, and the dispatcher no longer waits for it).
 */
export class Run implements RunControl {
  target: string | undefined
  stopped = false
  /** When the current turn started running (for HANDLER_TIMEOUT and the shutdown log). */
  turnStartedAt = 0
  #signal: ControlSignal | undefined
  #yielded: (() => void) | undefined
  #ran = false
  #ended = false
  #waiting: PendingWait | undefined
  /** Set once no more waiting is allowed (unload, shutdown); the run is cancelled if it waits. */
  #closing: CancelReason | undefined
  #cancelled: CancelledError | undefined
  #controller: AbortController | undefined
  #done: (() => void)[] | undefined
  #droppedLogged = false
  #expired = false
  /** The last `got`/`receive` target of the running handler: where a plain `reject` stores the answer. */
  #rejectTarget: string | undefined

  constructor(
    readonly services: RunServices,
    readonly record: MatcherRecord,
    readonly ctx: ContextImpl,
  ) {}

  /** Starts the run; resolves once it first waits or ends, with whether it ran (pre-processors may skip it). */
  start(): Promise<boolean> {
    const first = new Promise<boolean>((resolve) => {
      this.#yielded = () => resolve(this.#ran)
    })
    void this.#execute()
    return first
  }

  get plugin(): string {
    return this.record.info.plugin
  }

  get isWaiting(): boolean {
    return this.#waiting !== undefined
  }

  get ended(): boolean {
    return this.#ended
  }

  /** `c.signal`: created on first use, so runs that never read it pay nothing. */
  get abortSignal(): AbortSignal {
    this.#controller ??= new AbortController()
    if (this.#cancelled && !this.#controller.signal.aborted) this.#controller.abort(this.#cancelled)
    return this.#controller.signal
  }

  /** Resolves when the run has ended (finished, failed, cancelled or abandoned). */
  whenDone(): Promise<void> {
    if (this.#ended) return Promise.resolve()
    this.#done ??= []
    const waiters = this.#done
    return new Promise((resolve) => waiters.push(resolve))
  }

  signal(kind: SignalKind, prompt?: MessageInput, options?: SendOptions, reason?: string): ControlSignal {
    if (this.#signal) {
      // A second finish/reject/pause after a swallowed one: the first decides, the message is not sent twice.
      this.#logLost(`c.${kind}() after c.${this.#signal.kind}()`)
      return this.#signal
    }
    this.#signal = new ControlSignal(kind, reason, prompt, options)
    return this.#signal
  }

  /**
   * Whether a send through `c` must be dropped: after `finish`/`reject`/`pause` in the same handler
   * (a `try/catch` swallowed the signal, or the call was not awaited), or after the run was abandoned.
   */
  dropsSend(): boolean {
    if (this.#cancelled && this.#ended) {
      this.#logLost(`c.send() after the run was cancelled (${this.#cancelled.reason})`, 'warn')
      return true
    }
    const kind = this.#signal?.kind
    if (kind !== 'finish' && kind !== 'pause' && kind !== 'reject') return false
    this.#logLost(`c.send() after c.${kind}()`)
    return true
  }

  async waitFor(
    message: MessageInput | undefined,
    options: PromptOptions | undefined,
  ): Promise<IncomingEvent | undefined> {
    const { timeout, ...sendOptions } = options ?? {}
    const resumed = await this.#wait(
      message,
      sendOptions,
      timeout === undefined ? this.services.sessionTimeoutMs : durationMs(timeout, 'prompt timeout'),
      'paused',
    )
    if (this.#cancelled) throw this.#cancelled
    return resumed?.root.incoming
  }

  /**
   * No more conversation: a waiting run is cancelled now; a running one is cancelled when it next
   * waits, and otherwise left to finish (its replies still go out).
   */
  close(reason: CancelReason): void {
    if (this.#ended || this.#closing) return
    this.#closing = reason
    if (this.#waiting) this.#cancel(reason)
  }

  /**
   * The bound passed while the run still works: cancel it and stop waiting for it (its caller logs
   * it: one line for an unload or the shutdown, a rate-limited line for HANDLER_TIMEOUT).
   */
  abandon(reason: CancelReason): void {
    if (this.#ended) return
    this.#cancel(reason)
    void this.#end(this.#cancelled, 'cancelled')
  }

  /** For the shutdown log: `matcher "x" of plugin "y" (message.private, 5.0 s)`. */
  describe(now: number): string {
    const { name, plugin } = this.record.info
    const secs = ((now - this.turnStartedAt) / 1000).toFixed(1)
    return `matcher "${name}" of plugin "${plugin}" (${this.ctx.name}, ${this.isWaiting ? 'waiting' : `running ${secs} s`})`
  }

  #cancel(reason: CancelReason): void {
    if (this.#cancelled) return
    const { name, plugin } = this.record.info
    const why =
      reason === 'unload'
        ? `plugin "${plugin}" was unloaded`
        : reason === 'shutdown'
          ? 'the app is stopping'
          : 'it ran past HANDLER_TIMEOUT'
    this.#cancelled = new CancelledError(reason, `matcher "${name}" was cancelled: ${why}`)
    this.#controller?.abort(this.#cancelled)
    const waiting = this.#waiting
    this.#waiting = undefined
    waiting?.cancel()
  }

  async #execute(): Promise<void> {
    const { ctx } = this
    ctx.root.retain()
    ctx.run = this
    this.services.runs.add(this)
    let error: unknown
    let cancelled = false
    try {
      if (!(await runBeforeHooks(this.services, ctx))) return
      this.#ran = true
      await this.#steps(this.record.steps)
    } catch (caught) {
      if (caught instanceof CancelledError && caught === this.#cancelled) {
        cancelled = true
      } else {
        error = caught
        const { name, plugin } = this.record.info
        this.services.logger.error(
          { err: caught, plugin, matcher: name, event: ctx.name },
          `matcher "${name}" of plugin "${plugin}" failed while handling ${ctx.name}`,
        )
      }
    } finally {
      if (this.#ended) {
        // Abandoned earlier: everything was done then. A late end is only worth a debug line.
        if (this.services.logger.isLevelEnabled('debug')) {
          this.services.logger.debug(
            { matcher: this.record.info.name },
            'an abandoned matcher run ended late',
          )
        }
      } else if (this.#ran) {
        const kind: RunOutcomeKind =
          error !== undefined
            ? 'failed'
            : cancelled || this.#cancelled
              ? 'cancelled'
              : this.#expired
                ? 'expired'
                : 'finished'
        await this.#end(kind === 'failed' ? error : kind === 'cancelled' ? this.#cancelled : undefined, kind)
      } else {
        this.#finalise()
      }
    }
  }

  /** Ends the run once: outcome, post-processors, then the event and the dispatcher are released. */
  async #end(error: unknown, kind: RunOutcomeKind | undefined): Promise<void> {
    if (this.#ended) return
    this.#ended = true
    this.services.runs.delete(this)
    if (kind && kind !== 'expired') this.#emit(kind, error)
    const yielded = this.#yielded
    this.#yielded = undefined
    try {
      await runAfterHooks(this.services, this.ctx, error)
    } finally {
      this.ctx.root.release()
      yielded?.()
      for (const resolve of this.#done?.splice(0) ?? []) resolve()
    }
  }

  #finalise(): void {
    this.#ended = true
    this.services.runs.delete(this)
    this.ctx.root.release()
    this.#park()
    for (const resolve of this.#done?.splice(0) ?? []) resolve()
  }

  async #steps(steps: readonly Step[]): Promise<void> {
    let i = 0
    while (i < steps.length) {
      const signal = await this.#step(steps[i]!)
      if (!signal || signal.kind === 'skip') {
        i++
        continue
      }
      if (signal.kind === 'pause' || signal.kind === 'reject') {
        if (!(await this.#next(signal))) return
        if (signal.kind === 'pause') i++
        continue
      }
      // finish (its message is sent here, after the handler stopped), or a hook-level skip
      if (signal.kind === 'finish' && signal.prompt !== undefined) {
        await this.ctx.deliver(signal.prompt, signal.options)
      }
      return
    }
  }

  /** Runs one handler after its getters; returns the signal it ended with, if any. */
  async #step(step: Step): Promise<ControlSignal | undefined> {
    this.#signal = undefined
    this.#rejectTarget = undefined
    const { ctx } = this
    try {
      for (const getter of step.getters) {
        const target = getter.kind === 'arg' ? `arg\0${getter.key}` : `receive\0${getter.id}`
        // NoneBot's cached target: a plain `reject` in this handler stores the answer here too.
        this.#rejectTarget = target
        if (getter.kind === 'arg' ? ctx.hasArg(getter.key) : ctx.received(getter.id) !== undefined) continue
        this.target = target
        throw this.signal('reject', getter.kind === 'arg' ? getter.prompt : undefined)
      }
      await step.handler?.(ctx)
    } catch (error) {
      if (!isSignal(error)) throw error
      this.#signal ??= error
    }
    return this.#signal
  }

  /** Waits for the session's next event and moves the context to it. `false` when the session ended. */
  async #next(signal: ControlSignal): Promise<boolean> {
    const resumed = await this.#wait(
      signal.prompt,
      signal.options,
      this.services.sessionTimeoutMs,
      signal.kind === 'pause' ? 'paused' : 'rejected',
    )
    const { ctx } = this
    if (this.#cancelled) throw this.#cancelled
    if (!resumed) {
      this.#expired = true
      this.#emit('expired')
      return false
    }
    resumed.root.retain()
    ctx.root.release()
    ctx.switchTo(resumed.root)
    const target = this.target ?? (signal.kind === 'reject' ? this.#rejectTarget : undefined)
    this.target = undefined
    if (target?.startsWith('arg\0')) {
      const message = resumed.root.incoming.message
      if (message) ctx.setArg(target.slice(4), message)
    } else if (target?.startsWith('receive\0')) {
      ctx.setReceived(target.slice(8), resumed.root.incoming)
    }
    return true
  }

  async #wait(
    prompt: MessageInput | undefined,
    options: SendOptions | undefined,
    timeoutMs: number,
    outcome: 'paused' | 'rejected',
  ): Promise<Resumption | undefined> {
    const { ctx } = this
    if (this.#closing) this.#cancel(this.#closing)
    if (this.#cancelled) throw this.#cancelled
    const key = SessionStore.keyOf(ctx.incoming)
    if (key === undefined) {
      this.services.logger.warn(
        { matcher: this.record.info.name, event: ctx.name },
        'cannot wait for a next message: the event has no session',
      )
      return undefined
    }
    // Wait first, then send: an answer that arrives before the send resolves is not lost.
    const pending = this.services.sessions.wait(key, ctx.kind, timeoutMs)
    if (prompt !== undefined) {
      try {
        await ctx.deliver(prompt, options)
      } catch (error) {
        pending.cancel()
        throw error
      }
    }
    this.#waiting = pending
    this.services.runs.waiting(this)
    this.#emit(outcome)
    this.#park()
    const resumed = await pending.promise
    this.#waiting = undefined
    this.services.runs.running(this)
    if (resumed) this.#yielded = resumed.yielded
    return resumed
  }

  #emit(kind: RunOutcomeKind, error?: unknown): void {
    if (this.ctx.root.trace) traceOutcome(this.services.logger, this.record.info, this.ctx.name, kind, error)
    const listeners = this.services.runListeners
    if (listeners.size === 0) return
    const outcome: RunOutcome = { kind, matcher: this.record.info, event: this.ctx.incoming, error }
    for (const listener of listeners) listener(outcome)
  }

  #park(): void {
    const yielded = this.#yielded
    this.#yielded = undefined
    yielded?.()
  }

  #logLost(what: string, level: 'error' | 'warn' = 'error'): void {
    if (this.#droppedLogged) return
    this.#droppedLogged = true
    const { name, plugin } = this.record.info
    this.services.logger[level](
      { plugin, matcher: name, event: this.ctx.name },
      `matcher "${name}" of plugin "${plugin}": ${what} was ignored (a try/catch swallowed the stop, or a send was not awaited); nothing more is sent for this turn`,
    )
  }
}
