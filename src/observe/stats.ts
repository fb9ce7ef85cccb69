import type { ApiCall } from '../adapter/api-hooks.js'
import type { Bot } from '../adapter/bot.js'
import type { IncomingEvent } from '../adapter/event.js'
import { NetworkError } from '../errors.js'
import { Histogram } from './histogram.js'
import type { AppObserver } from './observer.js'

/** One bot as the console shows it. */
export interface BotStats {
  readonly adapter: string
  readonly selfId: string
  connected: boolean
  connectedAt: number | undefined
  disconnectedAt: number | undefined
  lastHeartbeatAt: number | undefined
  lastMessageAt: number | undefined
  lastEventAt: number | undefined
  events: number
  apiCalls: number
  apiFailures: number
  apiTimeouts: number
}

export interface ApiStats {
  ok: number
  failed: number
  timeout: number
  readonly duration: Histogram
}

const SECOND = 1000

/**
 * The running app's figures, kept as plain counters on the event path (a Map lookup and a few
 * increments per event); metrics and the console read them when asked.
 */
export class AppStats implements AppObserver {
  readonly startedAt = Date.now()
  /** Events by `adapter\0kind`. */
  readonly events = new Map<string, number>()
  readonly handlerDuration = new Histogram()
  handlerFailures = 0
  /** API calls by `adapter\0action`. */
  readonly api = new Map<string, ApiStats>()
  readonly apiDuration = new Histogram()
  readonly bots = new Map<string, BotStats>()
  /** Events per second over the last minute: a ring of per-second counts. */
  readonly #perSecond = new Uint32Array(60)
  #second = 0

  constructor(private readonly now: () => number = Date.now) {}

  event(event: IncomingEvent): void {
    const key = `${event.adapter}\0${event.kind}`
    this.events.set(key, (this.events.get(key) ?? 0) + 1)
    const now = this.now()
    this.#tick(now)
    this.#perSecond[this.#second % 60]!++
    const bot = this.bots.get(`${event.adapter}:${event.bot.selfId}`)
    if (bot === undefined) return
    bot.events++
    bot.lastEventAt = now
    if (event.kind === 'message') bot.lastMessageAt = now
    else if (event.kind === 'meta' && event.name.includes('heartbeat')) bot.lastHeartbeatAt = now
  }

  handled(_event: IncomingEvent, ms: number, failed: boolean): void {
    this.handlerDuration.observe(ms)
    if (failed) this.handlerFailures++
  }

  apiCall(call: ApiCall, ms: number, error: unknown): void {
    const key = `${call.adapter}\0${call.action}`
    let stats = this.api.get(key)
    if (stats === undefined) {
      stats = { ok: 0, failed: 0, timeout: 0, duration: new Histogram() }
      this.api.set(key, stats)
    }
    const timedOut = isTimeout(error)
    if (error === undefined) stats.ok++
    else if (timedOut) stats.timeout++
    else stats.failed++
    stats.duration.observe(ms)
    this.apiDuration.observe(ms)
    const bot = this.bots.get(`${call.adapter}:${call.selfId}`)
    if (bot === undefined) return
    bot.apiCalls++
    if (timedOut) bot.apiTimeouts++
    else if (error !== undefined) bot.apiFailures++
  }

  botConnected(bot: Bot): void {
    const key = `${bot.adapter}:${bot.selfId}`
    const known = this.bots.get(key)
    const stats: BotStats = known ?? {
      adapter: bot.adapter,
      selfId: bot.selfId,
      connected: true,
      connectedAt: undefined,
      disconnectedAt: undefined,
      lastHeartbeatAt: undefined,
      lastMessageAt: undefined,
      lastEventAt: undefined,
      events: 0,
      apiCalls: 0,
      apiFailures: 0,
      apiTimeouts: 0,
    }
    stats.connected = true
    stats.connectedAt = this.now()
    this.bots.set(key, stats)
  }

  botDisconnected(bot: Bot): void {
    const stats = this.bots.get(`${bot.adapter}:${bot.selfId}`)
    if (stats === undefined) return
    stats.connected = false
    stats.disconnectedAt = this.now()
  }

  /** Events per second, averaged over the last `seconds` full seconds (at most 59). */
  eventRate(seconds = 10): number {
    this.#tick(this.now())
    const span = Math.min(Math.max(1, seconds), 59)
    let sum = 0
    for (let i = 1; i <= span; i++) sum += this.#perSecond[(this.#second - i + 600) % 60]!
    return sum / span
  }

  /** Total events of one kind (all adapters), e.g. `message`. */
  eventCount(kind?: string): number {
    let sum = 0
    for (const [key, count] of this.events) if (kind === undefined || key.endsWith(`\0${kind}`)) sum += count
    return sum
  }

  /** Moves the per-second ring to `now`, clearing the seconds that passed without events. */
  #tick(now: number): void {
    const second = Math.floor(now / SECOND)
    if (second === this.#second) return
    const gap = Math.min(second - this.#second, 60)
    for (let i = 1; i <= gap; i++) this.#perSecond[(this.#second + i) % 60] = 0
    this.#second = second
  }
}

/** Transports report a timeout as a NetworkError that says "timed out": an unknown outcome. */
function isTimeout(error: unknown): boolean {
  return error instanceof NetworkError && error.message.includes('timed out')
}
