import type { Logger } from 'pino'
import type { Socket } from '../../../../driver/types.js'
import { NetworkError } from '../../../../errors.js'
import { ActionCorrelator } from '../../shared/action-correlator.js'
import type { V12ActionRequest } from '../actions.js'
import type { V12ActionLink } from '../bot.js'
import { encodeJson, encodeMsgpack, excerpt, readFrame } from '../codec.js'

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
  /** Set once a `meta.connect` arrived. */
  sawConnect = false
  /** Set once the first event arrived (the peer has proven it works). */
  sawEvent = false

  constructor(
    readonly socket: Socket,
    readonly description: string,
    private readonly host: V12ConnectionHost,
  ) {
    socket.onMessage((data) => this.#receive(data))
    socket.onClose((code, reason) => {
      this.#correlator.failAll(
        new NetworkError(`${description} closed (${code}${reason ? ` ${reason}` : ''})`),
      )
      host.onClose(this, code, reason)
    })
  }

  get isOpen(): boolean {
    return this.socket.isOpen
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
    const frame = readFrame(data)
    if (frame.kind === 'event') {
      this.sawEvent = true
      this.host.onEvent(frame.event, this)
    } else if (frame.kind === 'response') {
      if (!this.#correlator.settle(frame.response) && this.host.logger.isLevelEnabled('debug')) {
        this.host.logger.debug(`${this.description}: dropped a response nobody waits for: ${excerpt(data)}`)
      }
    } else {
      this.host.logger.warn(
        `${this.description}: dropped a malformed frame (${frame.reason}): ${excerpt(data)}`,
      )
    }
  }
}
