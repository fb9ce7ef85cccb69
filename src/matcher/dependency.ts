import { ControlSignal } from './signal.js'
import type { Context, MaybePromise } from './types.js'

/** Tools a dependency's resolver gets besides the context. */
export interface DependencyTools {
  /** Runs `fn` once the event is fully handled (in reverse order of registration). */
  cleanup(fn: () => MaybePromise<void>): void
  /** Skips the handler that asked for this dependency; the matcher goes on with its next handler. */
  skip(reason?: string): never
}

/**
 * A typed, lazily resolved value (NoneBot's `Depends`). Resolve it with `await c.resolve(dep)`;
 * resolvers may resolve other dependencies through `c.resolve` (sub-dependencies). `C` is the
 * context it needs: a dependency declared for group messages cannot be resolved in a handler for
 * private ones (a compile error where NoneBot skips the handler at runtime).
 */
export interface Dependency<T, C = Context> {
  readonly name: string
  /** Whether the value is computed once per event (default) or on every `resolve`. */
  readonly cache: boolean
  readonly resolver: (c: C, tools: DependencyTools) => MaybePromise<T>
}

export interface DependencyOptions {
  /** @default true */
  readonly cache?: boolean
  /** For logs. @default the resolver's function name */
  readonly name?: string
}

/**
 * Declares a dependency.
 * @example
 * const currentUser = dependency(async (c, { skip }) => (await users.get(c.userId!)) ?? skip('unknown user'))
 * ctx.command('me', async (c) => c.send((await c.resolve(currentUser)).name))
 */
export function dependency<T, C extends Context = Context>(
  resolver: (c: C, tools: DependencyTools) => MaybePromise<T>,
  options: DependencyOptions = {},
): Dependency<T, C> {
  return { name: options.name ?? (resolver.name || 'dependency'), cache: options.cache ?? true, resolver }
}

/** Per-event cache of resolved dependencies and their cleanups. */
export class DependencyCache {
  readonly #values = new Map<Dependency<unknown, never>, Promise<unknown>>()
  readonly #cleanups: (() => MaybePromise<void>)[] = []
  readonly #tools: DependencyTools = {
    cleanup: (fn) => {
      this.#cleanups.push(fn)
    },
    skip: (reason) => {
      throw new ControlSignal('skip', reason)
    },
  }

  /** `c` is the context `dep` was checked against at compile time (see `Context.resolve`). */
  resolve<T>(dep: Dependency<T, never>, c: Context): Promise<T> {
    const resolver = dep.resolver as (c: Context, tools: DependencyTools) => MaybePromise<T>
    if (!dep.cache) return Promise.resolve().then(() => resolver(c, this.#tools))
    let value = this.#values.get(dep) as Promise<T> | undefined
    if (!value) {
      value = Promise.resolve().then(() => resolver(c, this.#tools))
      this.#values.set(dep, value)
      // A skip or failure is cached too (every handler asking gets the same answer), but must not go unhandled.
      value.catch(() => {})
    }
    return value
  }

  /** Runs cleanups newest first; errors are handed to `onError`, never thrown. */
  async close(onError: (error: unknown) => void): Promise<void> {
    while (this.#cleanups.length > 0) {
      const fn = this.#cleanups.pop()!
      try {
        await fn()
      } catch (error) {
        onError(error)
      }
    }
    this.#values.clear()
  }
}
