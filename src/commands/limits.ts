import type { IncomingEvent } from '../adapter/event.js'
import { type Duration, durationMs } from '../config/duration.js'
import type { MessageInput } from '../message/segment.js'
import type { KeyValueStore } from '../store/types.js'
import { formatWait } from './wait.js'

/** Whose uses count together: each user, each group (a private chat is its own group), or everyone. */
export type LimitScope = 'user' | 'group' | 'global'

/** What an answer to a refused use can say. */
export interface LimitHit {
  readonly kind: 'cooldown' | 'limit'
  /** Milliseconds until the command can be used again. */
  readonly waitMs: number
  /** The wait as text: `45s`, `3h 2m`. */
  readonly wait: string
  readonly command: string
}

/** The answer when a use is refused: a message, a function of the hit, or `false` for silence. */
export type LimitAnswer = MessageInput | ((hit: LimitHit) => MessageInput) | false

export interface CooldownOptions {
  /** Time between two uses. */
  readonly time: Duration
  /** @default 'user' */
  readonly per?: LimitScope
  /** @default `Please wait {wait} before using {command} again.` */
  readonly message?: LimitAnswer
}

export interface LimitOptions {
  /** Uses allowed per window. */
  readonly count: number
  /** The window; whole days start at local midnight, so `'1d'` is "per day". */
  readonly window: Duration
  /** @default 'user' */
  readonly per?: LimitScope
  /** @default `{command} can be used {count} times per {window}; try again in {wait}.` */
  readonly message?: LimitAnswer
}

/** The `cooldown` and `limit` options of a command. */
export interface RateOptions {
  /** Time between uses: `'10s'` (per user), or `{ time, per, message }`. */
  readonly cooldown?: Duration | CooldownOptions
  /** A quota per window: `{ count: 20, window: '1d', per: 'group' }`. */
  readonly limit?: LimitOptions
}

/** Who `scope` means for `event`: the user, the group (a private chat counts as the user's own), or everyone. */
export function scopeKey(event: IncomingEvent, scope: LimitScope): string {
  if (scope === 'global') return 'all'
  if (scope === 'group' && event.groupId !== undefined) return `${event.adapter}:group_${event.groupId}`
  return `${event.adapter}:user_${event.userId ?? ''}`
}

/** A command's cooldown and quota, checked (and counted) before its handler runs. */
export class RateLimiter {
  readonly #command: string
  readonly #cooldown: (CooldownOptions & { ms: number }) | undefined
  readonly #limit: (LimitOptions & { ms: number }) | undefined

  /** Throws `RangeError` for a bad duration or count, at registration. */
  constructor(command: string, options: RateOptions) {
    this.#command = command
    const cd = options.cooldown
    if (cd !== undefined) {
      const spec = typeof cd === 'object' ? cd : { time: cd }
      this.#cooldown = { ...spec, ms: durationMs(spec.time, 'cooldown') }
    }
    if (options.limit) {
      const { count } = options.limit
      if (!Number.isInteger(count) || count < 1)
        throw new RangeError(`limit.count must be a whole number >= 1 (got ${count})`)
      this.#limit = { ...options.limit, ms: durationMs(options.limit.window, 'limit.window') }
      if (this.#limit.ms <= 0) throw new RangeError('limit.window must be longer than 0')
    }
  }

  /** Counts one use; returns the answer to send (or `false` for silence) when it is refused, else undefined. */
  async take(
    store: KeyValueStore,
    event: IncomingEvent,
    now = Date.now(),
  ): Promise<MessageInput | false | undefined> {
    const base = `cmd:${this.#command}`
    let cooldownKey: string | undefined
    if (this.#cooldown) {
      const { ms, per = 'user' } = this.#cooldown
      cooldownKey = `${base}:cooldown:${scopeKey(event, per)}`
      let waitMs = 0
      await store.update<number>(
        cooldownKey,
        (until) => {
          if (until !== undefined && until > now) {
            waitMs = until - now
            return until
          }
          return now + ms
        },
        { ttl: ms },
      )
      if (waitMs > 0) return this.#answer('cooldown', waitMs, this.#cooldown.message)
    }
    if (this.#limit) {
      const { ms, count, per = 'user' } = this.#limit
      const { index, end } = windowOf(now, ms)
      let refused = false
      await store.update<number>(
        `${base}:limit:${scopeKey(event, per)}:${index}`,
        (used = 0) => {
          refused = used >= count
          return refused ? used : used + 1
        },
        { ttl: end - now },
      )
      if (refused) {
        // A refused use does not start a cooldown.
        if (cooldownKey) await store.delete(cooldownKey)
        return this.#answer('limit', end - now, this.#limit.message)
      }
    }
    return undefined
  }

  #answer(kind: LimitHit['kind'], waitMs: number, answer: LimitAnswer | undefined): MessageInput | false {
    const hit: LimitHit = { kind, waitMs, wait: formatWait(waitMs), command: this.#command }
    if (answer === false) return false
    if (typeof answer === 'function') return answer(hit)
    if (answer !== undefined) return answer
    if (kind === 'cooldown') return `Please wait ${hit.wait} before using ${hit.command} again.`
    const limit = this.#limit!
    return `${hit.command} can be used ${limit.count} times per ${String(limit.window)}; try again in ${hit.wait}.`
  }
}

/** Fixed windows; whole-day windows start at local midnight. */
function windowOf(now: number, ms: number): { index: number; end: number } {
  const offset = ms % 86_400_000 === 0 ? new Date(now).getTimezoneOffset() * 60_000 : 0
  const index = Math.floor((now - offset) / ms)
  return { index, end: (index + 1) * ms + offset }
}
