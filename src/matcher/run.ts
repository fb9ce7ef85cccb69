import type { SendOptions } from '../adapter/bot.js'
import type { IncomingEvent } from '../adapter/event.js'
import { durationMs } from '../config/duration.js'
import type { Logger } from '../log.js'
import type { MessageInput } from '../message/segment.js'
import type { ContextImpl, RunControl } from './context.js'
import type { MatcherRecord, Step } from './matcher.js'
import { type Resumption, SessionStore } from './session.js'
import { ControlSignal, isSignal, type SignalKind } from './signal.js'
import type { Context, MatcherInfo, MaybePromise, PromptOptions } from './types.js'

export type BeforeRunHook = (c: Context) => MaybePromise<void>
export type AfterRunHook = (c: Context, error: unknown) => MaybePromise<void>

/**
 * How one turn of a matcher's run ended: `paused` (waits for the next message, then the next
 * handler: `pause`, `c.prompt`), `rejected` (waits, then the same handler again: `reject`,
 * `rejectArg`, a `got` asking), `finished` (ran to the end or `finish`), `expired` (no answer in
 * time, shutdown, or an event without a session to wait in), `failed` (a handler threw).
 */
export type RunOutcomeKind = 'finished' | 'paused' | 'rejected' | 'expired' | 'failed'

export interface RunOutcome {
  readonly kind: RunOutcomeKind
  readonly matcher: MatcherInfo
  /** The event the turn handled. */
  readonly event: IncomingEvent
  /** What a failed handler threw. */
  readonly error?: unknown
}

/** Told of every turn's outcome (the test kit listens). Called synchronously; must not throw. */
export type RunListener = (outcome: RunOutcome) => void

export interface HookEntry<F> {
  readonly plugin: string
  readonly fn: F
}

/** What a run needs from the dispatcher. */
export interface RunServices {
  readonly logger: Logger
  readonly sessions: SessionStore
  readonly sessionTimeoutMs: number
  readonly beforeRun: ReadonlySet<HookEntry<BeforeRunHook>>
  readonly afterRun: ReadonlySet<HookEntry<AfterRunHook>>
  readonly runListeners: ReadonlySet<RunListener>
}

/**
 * One matcher handling one event, across as many turns as the conversation takes. The dispatcher
 * awaits only until the run first waits for the next event (or ends), so a prompting matcher never
 * holds up lower priorities; every resumed turn is awaited by the dispatch of the event that resumed it.
 */
export class Run implements RunControl {
  target: string | undefined
  stopped = false
  #signal: ControlSignal | undefined
  #yielded: (() => void) | undefined
  #ran = false
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

  signal(kind: SignalKind, prompt?: MessageInput, options?: SendOptions, reason?: string): ControlSignal {
    this.#signal = new ControlSignal(kind, reason, prompt, options)
    return this.#signal
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
    return resumed?.root.incoming
  }

  async #execute(): Promise<void> {
    const { ctx } = this
    ctx.root.retain()
    ctx.run = this
    let error: unknown
    try {
      if (!(await this.#before())) return
      this.#ran = true
      await this.#steps(this.record.steps)
    } catch (caught) {
      error = caught
      const { name, plugin } = this.record.info
      this.services.logger.error(
        { err: caught, plugin, matcher: name, event: ctx.name },
        `matcher "${name}" of plugin "${plugin}" failed while handling ${ctx.name}`,
      )
    } finally {
      if (this.#ran) {
        if (error !== undefined) this.#emit('failed', error)
        else if (!this.#expired) this.#emit('finished')
        await this.#after(error)
      }
      ctx.root.release()
      this.#park()
    }
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
      return // finish, or a hook-level skip thrown from a handler
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

  /** Waits for the session's next event and moves the context to it. `false` when the session expired. */
  async #next(signal: ControlSignal): Promise<boolean> {
    const resumed = await this.#wait(
      signal.prompt,
      signal.options,
      this.services.sessionTimeoutMs,
      signal.kind === 'pause' ? 'paused' : 'rejected',
    )
    const { ctx } = this
    if (!resumed) {
      this.#expired = true
      this.#emit('expired')
      if (this.services.logger.isLevelEnabled('debug')) {
        this.services.logger.debug({ matcher: this.record.info.name }, 'session expired, matcher ended')
      }
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
  ) {
    const { ctx } = this
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
        await ctx.send(prompt, options)
      } catch (error) {
        pending.cancel()
        throw error
      }
    }
    this.#emit(outcome)
    this.#park()
    const resumed: Resumption | undefined = await pending.promise
    if (resumed) this.#yielded = resumed.yielded
    return resumed
  }

  #emit(kind: RunOutcomeKind, error?: unknown): void {
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

  async #before(): Promise<boolean> {
    if (this.services.beforeRun.size === 0) return true
    const results = await Promise.allSettled(
      [...this.services.beforeRun].map(async (hook) => hook.fn(this.ctx)),
    )
    for (const [i, result] of results.entries()) {
      if (result.status === 'fulfilled') continue
      if (!(isSignal(result.reason) && result.reason.kind === 'skipMatcher')) {
        const plugin = [...this.services.beforeRun][i]?.plugin
        this.services.logger.error(
          { err: result.reason, plugin },
          'run pre-processor failed; matcher skipped',
        )
      }
      return false
    }
    return true
  }

  async #after(error: unknown): Promise<void> {
    for (const hook of this.services.afterRun) {
      try {
        await hook.fn(this.ctx, error)
      } catch (hookError) {
        this.services.logger.error({ err: hookError, plugin: hook.plugin }, 'run post-processor failed')
      }
    }
  }
}
