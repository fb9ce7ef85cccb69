import type { IncomingEvent } from '../adapter/event.js'

/**
 * A permission (or rule) that is also a type guard: when it holds, the context has the shape `N`
 * (e.g. `{ adapter: 'onebot.v11'; event: GroupMessageEvent }`). `narrows` exists only in the type.
 * A matcher whose `permission` is one gets a handler narrowed by it, and one on an event key the
 * permission can never let through does not compile.
 */
export interface NarrowingPermission<N extends Narrowing> {
  (c: IncomingEvent): boolean
  readonly narrows?: N
}

export interface Narrowing {
  readonly adapter: string
  readonly event: unknown
}

/** `C` narrowed by `N` (per adapter of the union); `never` when `N` can never hold for `C`. */
export type NarrowBy<C, N extends Narrowing> = C extends {
  readonly adapter: N['adapter']
  readonly event: infer E
}
  ? [E & N['event']] extends [never]
    ? never
    : C & { readonly event: E & N['event'] }
  : never

/** Options whose permission narrows: refused (with this message as the type) when it never holds. */
export type NarrowingOptionsOf<O, C, N extends Narrowing> = Omit<O, 'permission'> & {
  readonly permission: NarrowingPermission<N> &
    ([NarrowBy<C, N>] extends [never]
      ? { readonly narrows: 'this permission never lets an event of this key through' }
      : unknown)
}

/** For the plain overloads: a narrowing permission must go through the narrowing one. */
export type PlainOptions<O> = O & { readonly permission?: { readonly narrows?: undefined } }
