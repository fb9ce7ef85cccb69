import type { Logger } from 'pino'
import type { Socket } from '../../../../driver/types.js'
import type { NetworkError } from '../../../../errors.js'
import { ActionSocket } from '../../shared/action-socket.js'
import { classifyFrame, type Frame } from '../../shared/frame.js'
import { decodeJsonFrame, stringifyJson } from '../../shared/json.js'

/** What a socket is for: `universal` carries events and actions, `api` actions, `event` events. */
export type LinkRole = 'universal' | 'api' | 'event'

/** What a connection of each role carries, as log lines say it. */
const CARRIES: Readonly<Record<LinkRole, string>> = {
  universal: 'events and API calls',
  api: 'API calls only',
  event: 'events only',
}

export interface LinkHandlers {
  onEvent(link: WsLink, payload: Record<string, unknown>): void
  /** A response nobody waits for (e.g. the NapCat/LLOneBot 1403 frame before an auth close). */
  onStrayResponse?(link: WsLink, payload: Record<string, unknown>): void
  onClose(link: WsLink, code: number, reason: string): void
}

export interface LinkOptions {
  readonly heartbeatFactor: number
  readonly heartbeatGraceMs: number
  readonly maxJsonDepth: number
  /** Reverse links: closed when silent this long after opening (0 = never). */
  readonly silentTimeoutMs?: number
}

/**
 * One V11 WebSocket to an implementation (reverse or forward): the shared `ActionSocket` with the
 * V11 wire (JSON in text or binary frames, `post_type` events) plus the socket's role and bot.
 */
export class WsLink {
  /** The bot account, once known (reverse: from `X-Self-ID`; forward: from the first event). */
  selfId: string | undefined
  readonly #socket: ActionSocket

  constructor(
    readonly socket: Socket,
    readonly role: LinkRole,
    /** For logs: `reverse` or the forward URL. */
    readonly origin: string,
    handlers: LinkHandlers,
    logger: Logger,
    options: LinkOptions,
  ) {
    this.#socket = new ActionSocket(
      socket,
      {
        logger,
        label: () => `OneBot V11 ${this.describe()}`,
        read: (data) => readV11Frame(data, options.maxJsonDepth),
        heartbeatFactor: options.heartbeatFactor,
        heartbeatGraceMs: options.heartbeatGraceMs,
        silentTimeoutMs: options.silentTimeoutMs,
      },
      {
        onEvent: (payload) => handlers.onEvent(this, payload),
        onStrayResponse: (payload) => handlers.onStrayResponse?.(this, payload),
        onClose: (code, reason) => handlers.onClose(this, code, reason),
      },
    )
  }

  get isOpen(): boolean {
    return this.#socket.isOpen
  }

  get canCall(): boolean {
    return this.role !== 'event' && this.isOpen
  }

  /**
   * For log lines, readable without the source: `reverse WebSocket on /onebot/v11/ws of bot 10001
   * (events and API calls, connection #1)`. `withBot: false` when the line already names the bot.
   */
  describe(withBot = true): string {
    const where = this.origin.startsWith('reverse ')
      ? `reverse WebSocket on ${this.origin.slice('reverse '.length)}`
      : `forward WebSocket to ${this.origin}`
    const bot = withBot && this.selfId ? ` of bot ${this.selfId}` : ''
    return `${where}${bot} (${CARRIES[this.role]}, connection #${this.socket.id})`
  }

  heartbeat(intervalMs: unknown): void {
    this.#socket.heartbeat(intervalMs)
  }

  /** Sends an action and waits for its response envelope (not yet checked for success). */
  request(
    action: string,
    params: Record<string, unknown>,
    timeoutMs: number,
    onProgress?: (response: Record<string, unknown>) => void,
    lossless = false,
  ): Promise<Record<string, unknown>> {
    const encode = lossless ? (frame: unknown) => stringifyJson(frame, true) : JSON.stringify
    return this.#socket.request({ action, params }, action, timeoutMs, encode, onProgress)
  }

  /** Closes the socket; pending calls fail with `error` (a network error by default). */
  close(code: number, reason: string, error?: NetworkError): void {
    this.#socket.close(code, reason, error)
  }
}

/** V11 frames are JSON, in text or (some implementations) binary frames. */
function readV11Frame(data: string | Uint8Array, maxJsonDepth: number): Frame {
  const decoded = decodeJsonFrame(data, maxJsonDepth)
  if (!decoded.ok)
    return { kind: 'invalid', reason: decoded.hostile ? decoded.error : `not JSON (${decoded.error})` }
  return classifyFrame(decoded.value, 'post_type')
}
