import type { V12Self } from './events/wire.js'

/** The V11 connection modes, named from the framework's side of the wire. */
export type V11Mode = 'ws-reverse' | 'http-post' | 'ws-forward'
/** The V12 connection modes. */
export type V12Mode = 'ws-reverse' | 'webhook' | 'ws-forward'

/** How an action reached the simulator. */
export type ActionChannel =
  | 'ws-reverse'
  | 'ws-forward'
  | 'http'
  /** V11 HTTP POST: a quick operation in the response body, recorded as `.handle_quick_operation`. */
  | 'quick-operation'
  /** V12 webhook: an action in the response body. */
  | 'webhook-response'

/** One bot the simulator impersonates. Ids are strings; V11 sends them as numbers on the wire. */
export interface SimBot {
  readonly id: string
  /** V12 platform (`qq` by default). */
  readonly platform: string
  readonly nickname: string
}

export interface ActionRecord {
  /** Order of arrival, from 1. */
  readonly seq: number
  readonly action: string
  readonly params: Record<string, unknown>
  /** The bot the action was addressed to (V11: the connection's bot; V12: `self.user_id`). */
  readonly botId: string | undefined
  /** V12 `self` as sent. */
  readonly self: V12Self | undefined
  readonly channel: ActionChannel
  readonly echo: unknown
  /** How the request was encoded: V12 binary frames and `application/msgpack` bodies are MessagePack. */
  readonly encoding: 'json' | 'msgpack'
  /** How the simulator answered: `pending` until the answer is sent (or forever with `noAnswer`). */
  readonly outcome: ActionOutcome
}

export type ActionOutcome =
  | { readonly status: 'pending' }
  | { readonly status: 'ok'; readonly data: unknown }
  | { readonly status: 'failed'; readonly retcode: number; readonly message: string }

/** A call as an action handler sees it. */
export interface ActionCall {
  readonly action: string
  readonly params: Record<string, unknown>
  readonly bot: SimBot | undefined
  readonly channel: ActionChannel
}

/** Thrown by an action handler (or set with `{ fail }`) to answer with a failure. */
export class ActionFailure extends Error {
  constructor(
    readonly retcode: number,
    message = 'simulated failure',
  ) {
    super(message)
    this.name = 'ActionFailure'
  }
}

/** A function that answers an action with its `data`; throw `ActionFailure` to fail. */
export type ActionHandler = (call: ActionCall) => unknown

/** How an overridden action answers. */
export type ActionBehaviour =
  | ActionHandler
  | { readonly result: unknown; readonly delayMs?: number }
  | { readonly fail: { readonly retcode: number; readonly message?: string }; readonly delayMs?: number }
  | { readonly handler: ActionHandler; readonly delayMs?: number }
  /** Never answer (the framework's call should time out). */
  | { readonly noAnswer: true }
  /**
   * Answer with exactly this envelope (no `echo` added) or these bytes: echoes of another type or
   * none, non-standard statuses, integers beyond 2^53 written by hand.
   */
  | { readonly raw: (request: RawRequest) => Record<string, unknown> | string }

/** What a `raw` behaviour sees of the request. */
export interface RawRequest {
  readonly echo: unknown
  readonly params: Record<string, unknown>
}
