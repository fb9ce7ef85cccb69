import type { Logger } from 'pino'
import type { ConfigStore } from '../config/store.js'
import type { Driver } from '../driver/types.js'
import type { ApiHooks } from './api-hooks.js'
import type { Bot } from './bot.js'
import type { ClusterCodec } from './cluster-codec.js'
import type { Endpoint } from './endpoints.js'
import type { IncomingEvent } from './event.js'

/** What the app gives an adapter. The adapter knows nothing of plugins or matchers. */
export interface AdapterHost {
  readonly config: ConfigStore
  readonly driver: Driver
  readonly logger: Logger
  readonly apiHooks: ApiHooks
  /** Default API call timeout in ms (API_TIMEOUT); `Infinity` for none. */
  readonly apiTimeoutMs: number
  /** Nicknames (NICKNAME) used for `toMe` detection. */
  readonly nicknames: readonly string[]
  /** Hands one event to the dispatcher. Never throws; handlers run asynchronously. */
  dispatch(event: IncomingEvent): void
  /** Announces a bot. Call once per bot session; connect hooks fire here. */
  botConnected(bot: Bot): void
  /** Retires a bot. Disconnect hooks fire here. */
  botDisconnected(bot: Bot): void
}

/** One connection mode, as reported in the start-up log. */
export interface ConnectionMode {
  /** e.g. `OneBot V11 reverse WebSocket`. */
  readonly name: string
  readonly active: boolean
  /** Where: URL paths served or URLs dialled. */
  readonly detail: string
  /** Why it is inactive, e.g. `DRIVER has no websocket client (~websockets)`. */
  readonly warning?: string
}

/**
 * An adapter turns one protocol into bots and events. `setup` runs before the server listens
 * (register routes there); `start` after (dial out there); `stopAccepting` then `stop` at shutdown.
 */
export interface Adapter {
  /** e.g. `onebot.v11`. */
  readonly name: string
  setup(host: AdapterHost): void | Promise<void>
  start?(): void | Promise<void>
  /**
   * Shutdown, first phase: refuse new connections and requests, stop dialling, but keep open
   * connections open, so that replies of handlers still running go out.
   */
  stopAccepting?(): void | Promise<void>
  /** Shutdown, second phase: close every connection. */
  stop?(): void | Promise<void>
  /** The connection modes this adapter offers, active or not, for the start-up log. */
  modes(): readonly ConnectionMode[]
  /** The endpoints it dials or calls, and whether each was reached (`/readyz`). */
  endpoints?(): readonly Endpoint[]
  /** How its events and bots cross the broker in cluster mode; adapters without one run only in `--role all`. */
  readonly cluster?: ClusterCodec
}

/**
 * Per-adapter types, filled by each adapter through declaration merging:
 * `declare module 'nonebot-ts' { interface AdapterRegistry { 'onebot.v11': { ... } } }`.
 * `events` maps every event key (`message`, `message.group`, ...) to the payload type it selects.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging, which a type alias cannot do
export interface AdapterRegistry {}

export interface AdapterTypes {
  readonly events: Record<string, unknown>
  readonly bot: Bot
}
