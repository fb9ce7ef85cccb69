import type { IncomingEvent } from '../adapter/event.js'
import type { EventRoot } from './event-root.js'

/** What a waiting run receives: the next event of its session and a callback for when it yields again. */
export interface Resumption {
  readonly root: EventRoot
  /** Call when the run waits again or ends: the dispatcher of `root` awaits this. */
  readonly yielded: () => void
}

interface Waiter {
  readonly kind: string
  readonly resolve: (resumption: Resumption | undefined) => void
  timer: NodeJS.Timeout | undefined
}

export interface PendingWait {
  readonly promise: Promise<Resumption | undefined>
  cancel(): void
}

/**
 * Runs waiting for the next event of their session. Sessions are keyed by adapter, bot and the
 * event's session id, so another bot or protocol can never take the turn (NoneBot keys by the
 * session id alone).
 */
export class SessionStore {
  readonly #waiters = new Map<string, Set<Waiter>>()

  static keyOf(event: IncomingEvent): string | undefined {
    const session = event.sessionId
    return session === undefined ? undefined : `${event.adapter}\0${event.bot.selfId}\0${session}`
  }

  get size(): number {
    return this.#waiters.size
  }

  /** Waits for the next event of `kind` in session `key`; `undefined` after `timeoutMs`. */
  wait(key: string, kind: string, timeoutMs: number): PendingWait {
    let waiter!: Waiter
    const promise = new Promise<Resumption | undefined>((resolve) => {
      waiter = { kind, resolve, timer: undefined }
    })
    const remove = () => {
      if (waiter.timer) clearTimeout(waiter.timer)
      const set = this.#waiters.get(key)
      set?.delete(waiter)
      if (set?.size === 0) this.#waiters.delete(key)
    }
    if (Number.isFinite(timeoutMs)) {
      waiter.timer = setTimeout(() => {
        remove()
        waiter.resolve(undefined)
      }, timeoutMs)
      waiter.timer.unref?.()
    }
    let set = this.#waiters.get(key)
    if (!set) {
      set = new Set()
      this.#waiters.set(key, set)
    }
    set.add(waiter)
    return {
      promise,
      cancel: () => {
        remove()
        waiter.resolve(undefined)
      },
    }
  }

  /**
   * Hands `root`'s event to the runs waiting in its session. Returns the promises of their next
   * yield, or `undefined` when nobody waits (the event then goes to the matchers).
   */
  take(root: EventRoot): Promise<void>[] | undefined {
    if (this.#waiters.size === 0) return undefined
    const key = SessionStore.keyOf(root.incoming)
    const set = key === undefined ? undefined : this.#waiters.get(key)
    if (!set) return undefined
    const taken: Promise<void>[] = []
    for (const waiter of [...set]) {
      if (waiter.kind !== root.incoming.kind) continue
      set.delete(waiter)
      if (waiter.timer) clearTimeout(waiter.timer)
      taken.push(new Promise<void>((yielded) => waiter.resolve({ root, yielded })))
    }
    if (set.size === 0) this.#waiters.delete(key!)
    return taken.length > 0 ? taken : undefined
  }

  /** Ends every wait (at shutdown): the runs see a timeout and finish cleanly. */
  closeAll(): void {
    const all = [...this.#waiters.values()].flatMap((set) => [...set])
    this.#waiters.clear()
    for (const waiter of all) {
      if (waiter.timer) clearTimeout(waiter.timer)
      waiter.resolve(undefined)
    }
  }
}
