import type { SimulatorDialer } from './modes/peer-socket.js'
import type { V11ProfileName, V12ProfileName } from './profiles.js'
import type { V11Mode, V12Mode } from './types.js'

export interface V11BotOptions {
  readonly selfId: number | string
  /** @default `bot<selfId>` */
  readonly nickname?: string
}

export interface V12BotOptions {
  readonly userId: string
  /** @default 'qq' */
  readonly platform?: string
  readonly nickname?: string
}

interface CommonOptions {
  /** Token the implementation sends (reverse modes, webhook) and checks (its own servers). */
  readonly accessToken?: string
  /**
   * Send the start-up meta events on each new WebSocket (V11 lifecycle `connect`; V12 `connect` and
   * `status_update`), as implementations do. `false` lets a test send its own. @default true
   */
  readonly announce?: boolean
  /** Heartbeat period; `false` for none. @default the profile's interval (gocq 5 s, napcat 30 s ...) */
  readonly heartbeatIntervalMs?: number | false
  /** Delay before a reverse-WS client dials again. @default the profile's interval */
  readonly reconnectIntervalMs?: number
  /** Host the simulator's servers listen on (always an OS-chosen port). @default '127.0.0.1' */
  readonly host?: string
  /** Called for transport errors (refused dials, rejected handshakes); they are also kept in `errors`. */
  readonly onError?: (error: Error) => void
  /**
   * Reverse WS only: how to open connections. @default real sockets (`ws`). The test kit passes
   * `memoryDialer(server.connect)` to reach an in-process app with no sockets.
   */
  readonly dial?: SimulatorDialer
}

export interface V11SimulatorOptions extends CommonOptions {
  readonly version: 11
  readonly mode: V11Mode
  /** @default 'napcat' */
  readonly profile?: V11ProfileName
  /** @default [{ selfId: 10001 }] */
  readonly bots?: readonly V11BotOptions[]
  /** Reverse WS: the framework's WS URL (e.g. `ws://127.0.0.1:8080/onebot/v11/ws`); HTTP POST: its POST URL. */
  readonly url?: string
  /** Reverse WS: dial separate API and Event sockets (gocq, lagrange). @default false */
  readonly split?: boolean
  /** HTTP POST signing secret (`X-Signature`). napcat/llonebot profiles sign with the access token instead. */
  readonly secret?: string
  /** Format of `message` in pushed events. @default the profile's (gocq: string, others: array) */
  readonly messageFormat?: 'array' | 'string'
  /** Send heartbeats over HTTP POST too. @default true for gocq, false otherwise */
  readonly httpHeartbeat?: boolean
}

export interface V12SimulatorOptions extends CommonOptions {
  readonly version: 12
  readonly mode: V12Mode
  /** @default 'walle' */
  readonly profile?: V12ProfileName
  /** Several bots share one connection. @default [{ userId: '10001', platform: 'qq' }] */
  readonly bots?: readonly V12BotOptions[]
  /** Reverse WS: the framework's WS URL (e.g. `ws://127.0.0.1:8080/onebot/v12/ws`); webhook: its POST URL. */
  readonly url?: string
  /** Webhook bodies in MessagePack instead of JSON. @default false */
  readonly msgpack?: boolean
}

export type SimulatorOptions = V11SimulatorOptions | V12SimulatorOptions

/** Options of `sim.sendMessage()`. */
export interface SendMessageOptions {
  /** The sender. @default 20002 (V11) / '20002' (V12) */
  readonly userId?: number | string
  /** Send in this group; without it the message is private. */
  readonly groupId?: number | string
  /** Start the group message with an @ of the bot. */
  readonly atBot?: boolean
  readonly replyTo?: { readonly messageId: number | string; readonly userId?: number | string }
  readonly nickname?: string
  readonly role?: 'owner' | 'admin' | 'member'
}
