import type { Logger } from 'pino'
import type { Socket } from '../../../../driver/types.js'
import { ActionSocket } from '../../shared/action-socket.js'
import type { V12ActionRequest } from '../actions.js'
import type { V12ActionLink } from '../bot.js'
import { encodeJson, encodeMsgpack, readFrame } from '../codec.js'
import type { V12Self } from '../events.js'
import { readHeartbeatInterval, V12_HEARTBEAT_GRACE_MS } from '../heartbeat-interval.js'

/** What a WebSocket connection needs from the adapter. */
export interface V12ConnectionHost {
  readonly logger: Logger
  /** Handles one decoded event that arrived on `connection`. */
  onEvent(event: Record<string, unknown>, connection: V12WsConnection): void
  onClose(connection: V12WsConnection, code: number, reason: string): void
  useMsgpack(impl: string | undefined): boolean
  /** Deepest nesting accepted in a frame (MAX_JSON_DEPTH). */
  readonly maxJsonDepth: number
  /** Closed when not one frame arrives this long after opening; 0 = never. */
  readonly silentTimeoutMs: number
}

/**
 * One V12 WebSocket, reverse or forward: the shared `ActionSocket` with the V12 wire (JSON text or
 * MessagePack binary, `type` events), carrying actions for every bot on it. Liveness: after the
 * first heartbeat, `max(3 intervals, interval + 10 s)` without any frame close it and retire its
 * bots at once.
 */
export class V12WsConnection implements V12ActionLink {
  /** `version.impl` from `meta.connect`, `get_version` or the `12.<impl>` subprotocol. */
  impl: string | undefined
  /** The bot named by draft-era `X-Self-ID`/`X-Platform` headers, for events without `self`. */
  legacySelf: V12Self | undefined
  /** Set once a `meta.connect` arrived. */
  sawConnect = false
  /** Set once the first event arrived (the peer has proven it works). */
  sawEvent = false
  readonly #socket: ActionSocket
  /** The unit of the heartbeat interval was logged (once per connection). */
  #unitLogged = false

  /** `impl` is what the handshake said (`12.<impl>`), if anything. */
  constructor(
    readonly socket: Socket,
    readonly description: string,
    private readonly host: V12ConnectionHost,
    impl?: string,
    legacySelf?: V12Self,
  ) {
    this.impl = impl
    this.legacySelf = legacySelf
    this.#socket = new ActionSocket(
      socket,
      {
        logger: host.logger,
        label: () => description,
        read: (data) => readFrame(data, host.maxJsonDepth),
        heartbeatFactor: 3,
        heartbeatGraceMs: V12_HEARTBEAT_GRACE_MS,
        silentTimeoutMs: host.silentTimeoutMs,
      },
      {
        onEvent: (event) => {
          this.sawEvent = true
          host.onEvent(event, this)
        },
        onClose: (code, reason) => host.onClose(this, code, reason),
      },
    )
  }

  get isOpen(): boolean {
    return this.#socket.isOpen
  }

  /** A `meta.heartbeat` arrived with this `interval` (milliseconds per spec, seconds from Walle-Q). */
  heartbeat(interval: unknown): void {
    const read = readHeartbeatInterval(interval, this.impl)
    if (!read) return
    if (read.inferred && !this.#unitLogged) {
      this.#unitLogged = true
      this.host.logger.info(
        `${this.description}: heartbeat interval ${String(interval)} read as ${read.ms} ms (${read.inferred}; the V12 spec says milliseconds)`,
      )
    }
    this.#socket.heartbeat(read.ms)
  }

  request(request: V12ActionRequest, timeoutMs: number): Promise<Record<string, unknown>> {
    const encode = this.host.useMsgpack(this.impl) ? encodeMsgpack : encodeJson
    return this.#socket.request(request, request.action, timeoutMs, encode)
  }

  close(code = 1000, reason = 'closing'): void {
    this.#socket.close(code, reason)
  }
}
