import type { Logger } from 'pino'
import type { Socket } from '../../../../driver/types.js'
import { NetworkError } from '../../../../errors.js'
import { ActionCorrelator } from '../../shared/action-correlator.js'
import { HeartbeatWatchdog } from '../../shared/heartbeat-watchdog.js'
import type { V12ActionRequest } from '../actions.js'
import type { V12ActionLink } from '../bot.js'
import { encodeJson, encodeMsgpack, excerpt, readFrame } from '../codec.js'
import type { V12Self } from '../events.js'

/** What a WebSocket connection needs from the adapter. */
export interface V12ConnectionHost {
  readonly logger: Logger
  /** Handles one decoded event that arrived on `connection`. */
  onEvent(event: Record<string, unknown>, connection: V12WsConnection): void
  onClose(connection: V12WsConnection, code: number, reason: string): void
  useMsgpack(impl: string | undefined): boolean
}

/**
 * One V12 WebSocket, reverse or forward: decodes frames (JSON text or MessagePack binary),
 * matches action responses by echo, and carries actions for every bot on it.
 * A malformed frame is logged and dropped; it never closes the connection.
 */
export class V12WsConnection implements V12ActionLink {
  readonly #correlator = new ActionCorrelator()
  /** `version.impl` from `meta.connect`, `get_version` or the `12.<impl>` subprotocol. */
  impl: string | undefined
  /** The bot named by draft-era `X-Self-ID`/`X-Platform` headers, for events without `self`. */
  legacySelf: V12Self | undefined
  /** Set once a `meta.connect` arrived. */
  sawConnect = false
  /** Set once the first event arrived (the peer has proven it works). */
  sawEvent = false
  #ended = false
  /** After the first heartbeat, three intervals without any frame close the connection. */
  readonly #watchdog = new HeartbeatWatchdog(3, 0, (silentMs) => {
    this.host.logger.warn(`${this.description}: no heartbeat for ${silentMs} ms; closing it`)
    this.socket.close(4000, 'heartbeat timeout')
    this.#end(4000, 'heartbeat timeout')
  })

  /**
   * `impl` is what the handshake said (`12.<impl>`), if anything. Listening starts here, and frames
   * that arrived before are delivered at once, so everything the host needs must be ready.
   */
  constructor(
    readonly socket: Socket,
    readonly description: string,
    private readonly host: V12ConnectionHost,
    impl?: string,
    legacySelf?: V12Self,
  ) {
    this.impl = impl
    this.legacySelf = legacySelf
    socket.onMessage((data) => this.#receive(data))
    socket.onClose((code, reason) => this.#end(code, reason))
  }

  get isOpen(): boolean {
    return !this.#ended && this.socket.isOpen
  }

  /**
   * Liveness from the announced heartbeat `interval`: after the first heartbeat, a connection
   * silent for three intervals is closed and its bots retired at once (a dead TCP peer can take
   * minutes to notice otherwise). Implementations without heartbeats are never timed out.
   */
  heartbeat(intervalMs: number): void {
    if (!this.#ended) this.#watchdog.beat(intervalMs)
  }

  #end(code: number, reason: string): void {
    if (this.#ended) return
    this.#ended = true
    this.#watchdog.stop()
    this.#correlator.failAll(
      new NetworkError(`${this.description} closed (${code}${reason ? ` ${reason}` : ''})`),
    )
    this.host.onClose(this, code, reason)
  }

  request(request: V12ActionRequest, timeoutMs: number): Promise<Record<string, unknown>> {
    if (!this.socket.isOpen) return Promise.reject(new NetworkError(`${this.description} is closed`))
    const echo = this.#correlator.nextEcho()
    const frame = { ...request, echo }
    const waiting = this.#correlator.wait(echo, request.action, timeoutMs)
    this.socket.send(this.host.useMsgpack(this.impl) ? encodeMsgpack(frame) : encodeJson(frame))
    return waiting
  }

  close(code = 1000, reason = 'closing'): void {
    this.socket.close(code, reason)
  }

  #receive(data: string | Uint8Array): void {
    if (this.#ended) return
    this.#watchdog.alive()
    const frame = readFrame(data)
    if (frame.kind === 'event') {
      this.sawEvent = true
      this.host.onEvent(frame.payload, this)
    } else if (frame.kind === 'response') {
      if (!this.#correlator.settle(frame.payload) && this.host.logger.isLevelEnabled('debug')) {
        this.host.logger.debug(`${this.description}: dropped a response nobody waits for: ${excerpt(data)}`)
      }
    } else {
      this.host.logger.warn(
        `${this.description}: dropped a malformed frame (${frame.reason}): ${excerpt(data)}`,
      )
    }
  }
}
