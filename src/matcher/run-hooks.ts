import type { Logger } from '../log.js'
import type { ContextImpl } from './context.js'
import { isSignal } from './signal.js'
import type { Context, MaybePromise } from './types.js'

export type BeforeRunHook = (c: Context) => MaybePromise<void>
export type AfterRunHook = (c: Context, error: unknown) => MaybePromise<void>

export interface HookEntry<F> {
  readonly plugin: string
  readonly fn: F
}

interface HookServices {
  readonly logger: Logger
  readonly beforeRun: ReadonlySet<HookEntry<BeforeRunHook>>
  readonly afterRun: ReadonlySet<HookEntry<AfterRunHook>>
}

/** Run pre-processors, concurrently; `false` when one skipped the matcher (or failed). */
export async function runBeforeHooks(services: HookServices, ctx: ContextImpl): Promise<boolean> {
  if (services.beforeRun.size === 0) return true
  const hooks = [...services.beforeRun]
  const results = await Promise.allSettled(hooks.map(async (hook) => hook.fn(ctx)))
  for (const [i, result] of results.entries()) {
    if (result.status === 'fulfilled') continue
    if (!(isSignal(result.reason) && result.reason.kind === 'skipMatcher')) {
      services.logger.error(
        { err: result.reason, plugin: hooks[i]?.plugin },
        'run pre-processor failed; matcher skipped',
      )
    }
    return false
  }
  return true
}

/** Run post-processors, in order, each told the error the run ended with (if any). */
export async function runAfterHooks(services: HookServices, ctx: ContextImpl, error: unknown): Promise<void> {
  for (const hook of services.afterRun) {
    try {
      await hook.fn(ctx, error)
    } catch (hookError) {
      services.logger.error({ err: hookError, plugin: hook.plugin }, 'run post-processor failed')
    }
  }
}
