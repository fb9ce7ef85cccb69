import { NetworkError, SendNotSupported } from '../errors.js'
import type { MessageInput } from '../message/segment.js'
import type { ApiHooks } from './api-hooks.js'
import type { Contacts } from './contacts.js'
import type { IncomingEvent } from './event.js'
import type { ChatTarget } from './target.js'

export interface CallOptions {
  /** Per-call timeout in ms, more than 0; `Infinity` for none. @default API_TIMEOUT */
  readonly timeoutMs?: number
}

export interface SendOptions {
  /** Mention the sender before the message (group chats). */
  readonly atSender?: boolean
  /** Quote the message being answered. */
  readonly reply?: boolean
}

/**
 * A logged-in account of one adapter. Adapters subclass it: they provide the transport and the
 * default `send`; typed action methods are derived from the adapter's action map.
 */
export abstract class Bot {
  abstract readonly adapter: string

  constructor(
    readonly selfId: string,
    protected readonly hooks: ApiHooks,
  ) {}

  /** Calls any action by name, typed or not. Runs the calling/called API hooks. */
  callApi(action: string, params: Record<string, unknown> = {}, options?: CallOptions): Promise<unknown> {
    const timeoutMs = options?.timeoutMs
    if (timeoutMs !== undefined && !(timeoutMs > 0)) {
      // 0 (or less, or NaN) would leave no time for an answer; `Infinity` is how to wait for ever.
      return Promise.reject(
        new NetworkError(
          `action ${action}: timeoutMs ${timeoutMs} leaves no time for an answer (use Infinity for no timeout)`,
          { code: 'E_API_TIMEOUT' },
        ),
      )
    }
    return this.hooks.run({ adapter: this.adapter, selfId: this.selfId, action, params }, (call) =>
      this.transport(call.action, call.params, options),
    )
  }

  /** Sends `message` in answer to `event`, choosing the right action for its chat. */
  abstract send(event: IncomingEvent, message: MessageInput, options?: SendOptions): Promise<unknown>

  /**
   * Sends `messages` in answer to `event` as one merged-forward message (a folded list), where the
   * protocol has one (OneBot V11); undefined on adapters that cannot.
   */
  sendForward?(event: IncomingEvent, messages: readonly MessageInput[]): Promise<unknown>

  /**
   * Sends `message` to a chat on the bot's own initiative (`app.sendTo` picks the bot). Adapters
   * that can override it; by default the adapter cannot send proactively.
   */
  sendTo(target: ChatTarget, message: MessageInput): Promise<unknown> {
    void target
    void message
    return Promise.reject(new SendNotSupported(`adapter ${this.adapter} cannot send proactively`))
  }

  /** The network the account lives on, when an adapter serves several (OneBot V12 `qq`, `tg`); `''` otherwise. */
  get platform(): string {
    return ''
  }

  /** What the bot knows of its chats; adapters that can send proactively provide it. */
  get contacts(): Contacts | undefined {
    return undefined
  }

  /**
   * Whether the bot can reach `target` (is in the group, has the user as a friend, is in the
   * guild), from what it learned of its chats; the lists are fetched again when stale.
   */
  canReach(target: ChatTarget): Promise<boolean> {
    return this.contacts?.reaches(target) ?? Promise.resolve(false)
  }

  /** How the bot is connected, for people (the console): `reverse WebSocket`, `HTTP POST` ... */
  describeConnection(): string | undefined {
    return undefined
  }

  /** Delivers one action to the implementation and returns its `data`, or throws. */
  protected abstract transport(
    action: string,
    params: Record<string, unknown>,
    options?: CallOptions,
  ): Promise<unknown>
}
