import type { Logger } from 'pino'
import type { Socket } from '../../../driver/types.js'
import { NetworkError } from '../../../errors.js'
import { LogRateLimiter } from '../../../log/rate-limit.js'
import { ActionCorrelator, echoKey } from './action-correlator.js'
import type { Frame } from './frame.js'
import { HeartbeatWatchdog } from './heartbeat-watchdog.js'

/** What an `ActionSocket` reports to the connection that owns it. */
export interface ActionSocketHandlers {
  onEvent(payload: Record<string, unknown>): void
  /** A response nobody waits for (e.g. the NapCat/LLOneBot 1403 frame before an auth close). */
  onStrayResponse?(payload: Record<string, unknown>): void
  /** Called once, when the socket closed or was given up as dead. */
  onClose(code: number, reason: string): void
}

export interface ActionSocketOptions {
  readonly logger: Logger
  /** Names the connection in log lines and errors; called lazily. */
  readonly label: () => string
  /** The version's wire: decodes and classifies one frame, never throws. */
  readonly read: (data: string | Uint8Array) => Frame
  /** Heartbeat liveness: dead after `max(factor x interval, interval + grace)` without frames. */
  readonly heartbeatFactor: number
  readonly heartbeatGraceMs: number
  /** Closed (1008) when not one frame arrives this long after opening; 0 or absent = never. */
  readonly silentTimeoutMs?: number
}

/** The close code for a connection that identified itself and then sent nothing at all. */
export const CLOSE_SILENT = 1008

/**
 * One WebSocket to a OneBot implementation, for either version: frames decoded and sorted,
 * responses matched to calls by echo, liveness from heartbeats (any frame counts), and pending
 * calls failed when it ends. Malformed frames are dropped with a rate-limited warning; the
 * connection stays open.
 * Version-specific state (bot ids, roles, codecs) lives in the owning connection.
 */
export class ActionSocket {
  readonly #correlator = new ActionCorrelator()
  readonly #watchdog: HeartbeatWatchdog
  /** One line a minute per kind of bad frame: a peer that sends only garbage cannot flood the log. */
  readonly #refusals = new LogRateLimiter({ reason: 'frame_dropped' })
  #ended = false
  #silentTimer: NodeJS.Timeout | undefined
  #closeError: NetworkError | undefined

  constructor(
    readonly socket: Socket,
    private readonly options: ActionSocketOptions,
    private readonly handlers: ActionSocketHandlers,
  ) {
    this.#watchdog = new HeartbeatWatchdog(options.heartbeatFactor, options.heartbeatGraceMs, (silentMs) => {
      options.logger.warn(`${options.label()}: no heartbeat for ${silentMs} ms, closing the dead connection`)
      // Ended at once: a dead TCP peer may never complete the close handshake.
      this.close(4000, 'heartbeat timeout', new NetworkError(`no heartbeat for ${silentMs} ms`))
      this.#end(4000, 'heartbeat timeout')
    })
    socket.onMessage((data) => this.#receive(data))
    socket.onClose((code, reason) => this.#end(code, reason))
    const silentMs = options.silentTimeoutMs ?? 0
    if (silentMs > 0) {
      this.#silentTimer = setTimeout(() => {
        this.#refusals.log(
          options.logger,
          'warn',
          'silent',
          `${options.label()}: sent no frame in ${silentMs} ms (no event, no heartbeat), closing it (WS_SILENT_TIMEOUT)`,
        )
        this.close(CLOSE_SILENT, `no frame within ${silentMs} ms`)
      }, silentMs)
      this.#silentTimer.unref()
    }
  }

  get isOpen(): boolean {
    return !this.#ended && this.socket.isOpen
  }

  /** Calls waiting for a response. */
  get pending(): number {
    return this.#correlator.size
  }

  /** A heartbeat announced `intervalMs` until the next one. */
  heartbeat(intervalMs: unknown): void {
    if (!this.#ended) this.#watchdog.beat(intervalMs)
  }

  /**
   * Sends `{...frame, echo}` written by `encode` and waits for the response envelope (not yet
   * checked for success). `onProgress` gets NapCat stream packets before the final response.
   */
  request(
    frame: object,
    action: string,
    timeoutMs: number,
    encode: (frame: object) => string | Uint8Array,
    onProgress?: (response: Record<string, unknown>) => void,
  ): Promise<Record<string, unknown>> {
    if (!this.isOpen) return Promise.reject(new NetworkError(`${this.options.label()} is closed`))
    const echo = this.#correlator.nextEcho()
    let data: string | Uint8Array
    try {
      data = encode({ ...frame, echo })
    } catch (error) {
      // Params that cannot be encoded (a BigInt, a cycle) fail now and leave no pending call behind.
      return Promise.reject(
        new NetworkError(`action ${action}: its params cannot be encoded (${describeError(error)})`, {
          cause: error,
        }),
      )
    }
    const waiting = this.#correlator.wait(echo, action, timeoutMs, onProgress)
    this.socket.send(data)
    return waiting
  }

  /** Closes the socket; pending calls fail with `error` (a network error naming `reason` by default). */
  close(code: number, reason: string, error?: NetworkError): void {
    this.#stopSilentTimer()
    this.#closeError ??= error ?? new NetworkError(`${this.options.label()} closed: ${reason}`)
    this.#correlator.failAll(this.#closeError)
    this.#watchdog.stop()
    this.socket.close(code, reason)
  }

  #end(code: number, reason: string): void {
    if (this.#ended) return
    this.#ended = true
    this.#stopSilentTimer()
    this.#watchdog.stop()
    this.#correlator.failAll(
      this.#closeError ??
        new NetworkError(`${this.options.label()} closed (${code}${reason ? ` ${reason}` : ''})`),
    )
    this.handlers.onClose(code, reason)
  }

  #receive(data: string | Uint8Array): void {
    if (this.#ended) return
    this.#watchdog.alive()
    this.#stopSilentTimer()
    try {
      this.#handle(data)
    } catch (error) {
      // A hostile frame that slipped past the reader must cost one dropped frame, never the process.
      this.#refusals.log(
        this.options.logger,
        'warn',
        'threw',
        `${this.options.label()}: dropped a frame that could not be handled (${describeError(error)}): ${excerpt(data)}`,
      )
    }
  }

  #stopSilentTimer(): void {
    if (this.#silentTimer) clearTimeout(this.#silentTimer)
    this.#silentTimer = undefined
  }

  #handle(data: string | Uint8Array): void {
    const frame = this.options.read(data)
    const logger = this.options.logger
    if (frame.kind === 'event') {
      this.handlers.onEvent(frame.payload)
    } else if (frame.kind === 'response') {
      if (this.#correlator.settle(frame.payload)) return
      this.handlers.onStrayResponse?.(frame.payload)
      if (logger.isLevelEnabled('debug')) {
        logger.debug(
          `${this.options.label()}: dropped a response nobody waits for (echo ${echoKey(frame.payload.echo) ?? typeof frame.payload.echo}): ${excerpt(data)}`,
        )
      }
    } else {
      // One line a minute per kind of bad frame (the reason up to its details).
      this.#refusals.log(
        logger,
        'warn',
        frame.reason.split(' (')[0]!,
        `${this.options.label()}: dropped a frame that is ${frame.reason}: ${excerpt(data)}`,
      )
    }
  }
}

/** A short, safe excerpt of a frame for log lines. */
export function excerpt(data: string | Uint8Array, max = 120): string {
  if (typeof data !== 'string') return `<${data.byteLength} bytes>`
  return data.length > max ? `${data.slice(0, max)}…` : data
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : typeof error
}
