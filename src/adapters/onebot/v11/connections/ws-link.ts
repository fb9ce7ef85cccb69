import type { Logger } from 'pino'
import type { Socket } from '../../../../driver/types.js'
import { NetworkError } from '../../../../errors.js'
import { ActionCorrelator } from '../../shared/action-correlator.js'
import { classifyFrame } from '../../shared/frame.js'
import { HeartbeatWatchdog } from '../../shared/heartbeat-watchdog.js'
import { decodeJsonFrame } from '../../shared/json.js'

/** What a socket is for: `universal` carries events and actions, `api` actions, `event` events. */
export type LinkRole = 'universal' | 'api' | 'event'

export interface LinkHandlers {
  onEvent(link: WsLink, payload: Record<string, unknown>): void
  /** A response nobody waits for (e.g. the NapCat/LLOneBot 1403 frame before an auth close). */
  onStrayResponse?(link: WsLink, payload: Record<string, unknown>): void
  onClose(link: WsLink, code: number, reason: string): void
}

export interface LinkOptions {
  readonly heartbeatFactor: number
  readonly heartbeatGraceMs: number
}

/**
 * One WebSocket to an implementation (reverse or forward), with its own action correlator.
 * Frames that are not JSON, or JSON that is neither an event nor a response, are logged and
 * dropped; the connection stays open.
 */
export class WsLink {
  readonly correlator = new ActionCorrelator()
  /** The bot account, once known (reverse: from `X-Self-ID`; forward: from the first event). */
  selfId: string | undefined
  #closeError: NetworkError | undefined
  readonly #watchdog: HeartbeatWatchdog

  constructor(
    readonly socket: Socket,
    readonly role: LinkRole,
    /** For logs: `reverse` or the forward URL. */
    readonly origin: string,
    private readonly handlers: LinkHandlers,
    private readonly logger: Logger,
    options: LinkOptions,
  ) {
    this.#watchdog = new HeartbeatWatchdog(options.heartbeatFactor, options.heartbeatGraceMs, (silentMs) => {
      this.logger.warn(
        `OneBot V11 ${this.describe()}: no heartbeat for ${silentMs} ms, closing the dead connection`,
      )
      this.close(4000, 'heartbeat timeout', new NetworkError(`no heartbeat for ${silentMs} ms`))
    })
    socket.onMessage((data) => this.#frame(data))
    socket.onClose((code, reason) => {
      this.#watchdog.stop()
      this.correlator.failAll(
        this.#closeError ?? new NetworkError(`connection closed (${code}${reason ? ` ${reason}` : ''})`),
      )
      this.handlers.onClose(this, code, reason)
    })
  }

  get canCall(): boolean {
    return this.role !== 'event' && this.socket.isOpen
  }

  describe(): string {
    return `${this.role} WebSocket${this.selfId ? ` of bot ${this.selfId}` : ''} (${this.origin}, #${this.socket.id})`
  }

  heartbeat(intervalMs: unknown): void {
    this.#watchdog.beat(intervalMs)
  }

  /** Sends an action and waits for its response envelope (not yet checked for success). */
  request(
    action: string,
    params: Record<string, unknown>,
    timeoutMs: number,
    onProgress?: (response: Record<string, unknown>) => void,
  ): Promise<Record<string, unknown>> {
    if (!this.socket.isOpen) return Promise.reject(new NetworkError(`${this.describe()} is closed`))
    const echo = this.correlator.nextEcho()
    const waiting = this.correlator.wait(echo, action, timeoutMs, onProgress)
    this.socket.send(JSON.stringify({ action, params, echo }))
    return waiting
  }

  /** Closes the socket; pending calls fail with `error` (a network error by default). */
  close(code: number, reason: string, error?: NetworkError): void {
    this.#closeError = error ?? new NetworkError(`${this.describe()} closed: ${reason}`)
    this.correlator.failAll(this.#closeError)
    this.#watchdog.stop()
    this.socket.close(code, reason)
  }

  #frame(data: string | Uint8Array): void {
    const decoded = decodeJsonFrame(data)
    if (!decoded.ok) {
      this.logger.warn(`OneBot V11 ${this.describe()}: dropped a frame that is not JSON (${decoded.error})`)
      return
    }
    const frame = classifyFrame(decoded.value, 'post_type')
    if (frame.kind === 'event') {
      this.handlers.onEvent(this, frame.payload)
    } else if (frame.kind === 'response') {
      if (!this.correlator.settle(frame.payload)) {
        this.handlers.onStrayResponse?.(this, frame.payload)
        if (this.logger.isLevelEnabled('debug')) {
          this.logger.debug(
            `OneBot V11 ${this.describe()}: dropped a response nobody waits for (echo ${String(frame.payload.echo)})`,
          )
        }
      }
    } else {
      this.logger.warn(`OneBot V11 ${this.describe()}: dropped a frame (${frame.reason})`)
    }
  }
}
