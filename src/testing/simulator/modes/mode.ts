import type { ActionDesk } from '../action-desk.js'
import type { ImplementationProfile } from '../profiles.js'
import type { SimBot } from '../types.js'
import type { SimulatorDialer } from './peer-socket.js'

/** What every connection mode gets from the simulator. */
export interface ModeContext {
  readonly profile: ImplementationProfile
  readonly bots: readonly SimBot[]
  readonly desk: ActionDesk
  readonly accessToken: string | undefined
  /** V11 HTTP POST signing key (napcat/LLOneBot profiles fall back to the access token). */
  readonly secret: string | undefined
  /** Send the start-up meta events on each new WebSocket. */
  readonly announce: boolean
  /** `false`: no heartbeats. */
  readonly heartbeatIntervalMs: number | false
  readonly reconnectIntervalMs: number
  /** Host for the simulator's own servers. */
  readonly host: string
  /** V11 reverse WS: one Universal socket per bot, or split API + Event sockets. */
  readonly split: boolean
  /** V12 webhook: MessagePack bodies. */
  readonly msgpack: boolean
  /** Send heartbeats over V11 HTTP POST (go-cqhttp does). */
  readonly httpHeartbeat: boolean
  readonly onError: (error: Error) => void
  /** Opens reverse-WS connections (real sockets unless the options say otherwise). */
  readonly dial: SimulatorDialer
}

/** Where the simulator can be reached: write these into the framework's config. */
export interface SimulatorEndpoints {
  /** V11 HTTP API root per bot id (`ONEBOT_API_ROOTS`) / V12 API root per bot (`ONEBOT_V12_API_ROOTS`). */
  readonly apiRoots: Readonly<Record<string, string>>
  /** Forward WS URLs (`ONEBOT_WS_URLS` / `ONEBOT_V12_WS_URLS`). */
  readonly wsUrls: readonly string[]
}

/** The framework's answer to an event pushed over HTTP; empty for WebSocket modes. */
export interface Delivery {
  readonly httpStatus?: number
  readonly body?: string
}

/** How `disconnect` closes: `abrupt` drops TCP without a close frame; else `code`/`reason` (1000). */
export interface DisconnectOptions {
  readonly abrupt?: boolean
  /** Reverse modes: dial again after the interval. @default true */
  readonly reconnect?: boolean
  readonly code?: number
  readonly reason?: string
}

export interface ConnectionControls {
  /** Close every connection from the implementation side. */
  disconnect(options: DisconnectOptions): Promise<void>
  /** Dial again (reverse modes). `keepOld` leaves the old sockets open, as an implementation that
   * reconnected before noticing its old socket died. */
  reconnect(options: { keepOld?: boolean }): Promise<void>
}

export interface ModeRunner extends ConnectionControls {
  start(): Promise<void>
  close(): Promise<void>
  /** Deliver one event to the framework for `bot` (V12: to every connection). */
  push(event: Record<string, unknown>, bot: SimBot): Promise<Delivery>
  /** Deliver raw bytes as they are (negative tests). */
  pushRaw(data: string | Uint8Array, bot: SimBot): Promise<Delivery>
  endpoints(): SimulatorEndpoints
  /** Number of open WebSocket connections (always 0 for HTTP modes). */
  openConnections(): number
  /** WebSocket handshakes so far: dials made (reverse) or upgrade requests received (forward). */
  attempts(): number
  /** Reverse: every socket is up; forward: the framework has connected (to every bot's server). */
  isConnected(): boolean
  /** HTTP POST / webhook: where to post events, when it was not known at construction. */
  setPostUrl?(url: string): Promise<void>
}
