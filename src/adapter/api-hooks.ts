import type { Logger } from '../log.js'
import { traceCall } from './trace-call.js'

/** One API call as the hooks see it. Hooks may change `params` in place before the call is made. */
export interface ApiCall {
  readonly adapter: string
  readonly selfId: string
  readonly action: string
  params: Record<string, unknown>
}

/** Returned by a hook to short-circuit the call (calling hook) or replace its outcome (called hook). */
export interface MockResult {
  readonly mock: true
  readonly result: unknown
}

export const mockResult = (result: unknown): MockResult => ({ mock: true, result })

export type ApiOutcome =
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly error: unknown }

/**
 * Runs before the call. Return `mockResult(x)` to skip the transport and answer `x` (every calling
 * hook still runs; the first mock wins, and the called hooks see it as the outcome); throw to fail the call.
 */
export type CallingApiHook = (call: ApiCall) => void | MockResult | Promise<void | MockResult>
/** Runs after the call with its outcome. Return `mockResult(x)` to replace the outcome with `x` (every hook runs; the first mock wins). */
export type CalledApiHook = (
  call: ApiCall,
  outcome: ApiOutcome,
) => void | MockResult | Promise<void | MockResult>

/** Sees every API call's outcome and duration (metrics); it cannot change the call. */
export type ApiObserver = (call: ApiCall, ms: number, error: unknown) => void

/** The hook lists an app keeps; bots run every call through `run`. */
export class ApiHooks {
  readonly calling = new Set<CallingApiHook>()
  readonly called = new Set<CalledApiHook>()
  readonly #logger: Logger | undefined
  /** One observer at most (the app's metrics); undefined costs nothing. */
  observer: ApiObserver | undefined

  /** With a logger, LOG_LEVEL=DEBUG traces every call: action, time taken, outcome. */
  constructor(logger?: Logger) {
    this.#logger = logger
  }

  /** Runs `transport` wrapped in the hooks. Costs nothing extra when no hook is registered. */
  run(call: ApiCall, transport: (call: ApiCall) => Promise<unknown>): Promise<unknown> {
    const observer = this.observer
    let outcome = this.#run(call, transport)
    if (observer !== undefined) {
      const started = performance.now()
      outcome = outcome.then(
        (result) => {
          observer(call, performance.now() - started, undefined)
          return result
        },
        (error: unknown) => {
          observer(call, performance.now() - started, error ?? new Error('API call failed'))
          throw error
        },
      )
    }
    if (this.#logger?.isLevelEnabled('debug')) return traceCall(this.#logger, call, outcome)
    return outcome
  }

  async #run(call: ApiCall, transport: (call: ApiCall) => Promise<unknown>): Promise<unknown> {
    if (this.calling.size === 0 && this.called.size === 0) return transport(call)
    // As NoneBot: every hook runs, the first mock (in registration order) wins.
    let mocked: MockResult | undefined
    for (const hook of this.calling) {
      const result = await hook(call)
      if (result?.mock) mocked ??= result
    }
    let outcome: ApiOutcome
    if (mocked) outcome = { ok: true, result: mocked.result }
    else {
      try {
        outcome = { ok: true, result: await transport(call) }
      } catch (error) {
        outcome = { ok: false, error }
      }
    }
    let replaced: MockResult | undefined
    for (const hook of this.called) {
      const result = await hook(call, outcome)
      if (result?.mock) replaced ??= result
    }
    if (replaced) outcome = { ok: true, result: replaced.result }
    if (!outcome.ok) throw outcome.error
    return outcome.result
  }
}
