import type { AdapterRegistry } from '../adapter/adapter.js'
import type { Bot, SendOptions } from '../adapter/bot.js'
import type { IncomingEvent } from '../adapter/event.js'
import type { Duration } from '../config/duration.js'
import type { Message } from '../message/message.js'
import type { MessageInput } from '../message/segment.js'
import type { Dependency } from './dependency.js'

export type MaybePromise<T> = T | Promise<T>

/** What `c.send`/`c.reply` resolve with: the result of the bot's `send` (typed per adapter). */
export type SendResult<B extends Bot = Bot> = Awaited<ReturnType<B['send']>>

/** What a matcher looks like at runtime, for listings and logs. */
export interface MatcherInfo {
  readonly id: number
  /** `plugin:matcher`-style label; defaults to the factory and its pattern, e.g. `command /echo`. */
  readonly name: string
  readonly plugin: string
  /** Event keys it listens to (`message.group`), or kinds (`message`), or `*` for every event. */
  readonly type: string
  readonly priority: number
  readonly block: boolean
  readonly temp: boolean
  /** Command paths, for command matchers (`[['user', 'add']]`). */
  readonly commands: readonly (readonly string[])[]
}

/**
 * What every hook and matcher sees for one event: the incoming event's facts (it structurally
 * extends `IncomingEvent`, so adapter predicates such as `groupAdmin` accept it) plus replies.
 */
export interface EventContext<A extends string = string, E = unknown, B extends Bot = Bot>
  extends IncomingEvent<A, E, B> {
  /** The event exactly as the adapter dispatched it. */
  readonly incoming: IncomingEvent<A, E, B>
  /** Whether the sender is listed in SUPERUSERS (as `adapter:id`, `onebot.v11:id` or `id`). */
  readonly isSuperuser: boolean
  /**
   * Sends in answer to the event: `bot.send(event, message, options)`. Resolves with what the
   * adapter's `send` returns: V11 `{ message_id }` (undefined when answered as an HTTP quick
   * operation), V12 `{ message_id, time }`.
   */
  send(message: MessageInput, options?: SendOptions): Promise<SendResult<B>>
  /** In an event pre-processor: drop this event (no matcher sees it). */
  skipEvent(reason?: string): never
}

export interface PromptOptions extends SendOptions {
  /**
   * How long to wait: milliseconds (as `setTimeout`), or a string such as `'30s'` or `'2m'`.
   * @default SESSION_EXPIRE_TIMEOUT (seconds in `.env`, as NoneBot)
   */
  readonly timeout?: Duration
}

/** The per-event, per-matcher context handed to handlers (`c`). */
export interface Context<A extends string = string, E = unknown, B extends Bot = Bot>
  extends EventContext<A, E, B> {
  /** Matcher state: a copy of the matcher's `state` option, kept across turns. */
  readonly state: Record<string, unknown>
  readonly matcher: MatcherInfo
  /** Sends quoting the event's message (`{ reply: true }` unless told otherwise). */
  reply(message: MessageInput, options?: SendOptions): Promise<SendResult<B>>
  /**
   * Ends the matcher, then sends `message` (if any). It throws at once, so the handler stops here
   * even without `await`; write `return c.finish(...)` where TypeScript should narrow after it.
   * @example if (!c.args) return c.finish('usage: /roll <sides>')
   */
  finish(message?: MessageInput, options?: SendOptions): never
  /** Stops the handler, sends `prompt` (if any), waits for the session's next event, then runs the next handler. */
  pause(prompt?: MessageInput, options?: SendOptions): never
  /** Stops the handler, sends `prompt` (if any), waits for the session's next event, then runs this handler again. */
  reject(prompt?: MessageInput, options?: SendOptions): never
  /** Like `reject`, storing the next message as argument `key` (see `got`). */
  rejectArg(key: string, prompt?: MessageInput, options?: SendOptions): never
  /** Like `reject`, storing the next event as received `id` (see `receive`). */
  rejectReceive(id?: string, prompt?: MessageInput, options?: SendOptions): never
  /** Skips the rest of this handler; the next handler runs. */
  skip(): never
  /** In a run pre-processor: this matcher does not run. */
  skipMatcher(reason?: string): never
  /** Lower-priority matchers will not see this event (like `block`, decided at runtime). */
  stopPropagation(): void
  /**
   * Aborted when this run is cancelled: its plugin unloads, the app stops, or it runs past
   * HANDLER_TIMEOUT. `signal.reason` is the `CancelledError`. Pass it to your own I/O.
   * @example const res = await fetch(url, { signal: c.signal })
   */
  readonly signal: AbortSignal
  /**
   * Sends `message` (if any) and resolves with the plain text of the session's next message, or
   * `undefined` on timeout. Rejects with `CancelledError` when the conversation is cancelled
   * (unload, shutdown), so a timeout branch never runs then.
   */
  prompt(message?: MessageInput, options?: PromptOptions): Promise<string | undefined>
  /** Like `prompt`, resolving with the whole next event. */
  promptEvent(message?: MessageInput, options?: PromptOptions): Promise<IncomingEvent | undefined>
  /** An argument collected by `got` (NoneBot's `Arg`). */
  arg(key: string): Message | undefined
  /** Its plain text (NoneBot's `ArgPlainText`). */
  argText(key: string): string | undefined
  /** Sets argument `key` (text, segments or a message), so a later `got(key)` does not ask (NoneBot's `set_arg`). */
  setArg(key: string, value: MessageInput): void
  /** An event collected by `receive` (NoneBot's `Received`). */
  received(id?: string): IncomingEvent | undefined
  /** The last event collected by `receive` (NoneBot's `LastReceived`). */
  readonly lastReceived: IncomingEvent | undefined
  /** Resolves a dependency, cached once per event. The dependency must accept this context. */
  resolve<T>(dependency: Dependency<T, this>): Promise<T>
}

/** Extra fields of command matchers (NoneBot's `Command`, `RawCommand`, `CommandArg`, ...). */
export interface CommandFields {
  /** The command path, e.g. `['user', 'add']`. */
  readonly command: readonly string[]
  /** The command as typed, e.g. `/user.add`. */
  readonly rawCommand: string
  readonly commandStart: string
  /** The whitespace between command and argument. */
  readonly commandWhitespace: string
  /** Plain text of the argument, leading whitespace removed. */
  readonly args: string
  /** The argument as a message (images and mentions kept). */
  readonly argsMessage: Message
}

export interface RegexFields {
  /** The regex match on the plain text (`match[1]`, `match.groups`). */
  readonly match: RegExpExecArray
}

export interface TextFields {
  /** The text that matched: the prefix, suffix, whole text or keyword. */
  readonly matched: string
}

/** Message events always carry a message: contexts for `message*` keys say so. */
export interface MessageFields {
  readonly message: Message
  readonly originalMessage: Message
}

export type Handler<C> = (c: C) => unknown

// ---- Registry-derived narrowing --------------------------------------------------------------

type EventsOf<T> = T extends { events: infer E } ? E : never
type BotOf<T> = T extends { bot: infer B extends Bot } ? B : Bot
type IsEmpty<R> = [keyof R] extends [never] ? true : false

/** Every event key any adapter of registry `R` declares (`string` when none is registered). */
export type EventKey<R = AdapterRegistry> =
  IsEmpty<R> extends true
    ? string
    : { [A in keyof R & string]: keyof EventsOf<R[A]> & string }[keyof R & string]

/** The context for any event of any adapter of `R`. */
export type AnyContext<R = AdapterRegistry> =
  IsEmpty<R> extends true
    ? Context
    : { [A in keyof R & string]: Context<A, EventsOf<R[A]>[keyof EventsOf<R[A]>], BotOf<R[A]>> }[keyof R &
        string]

/**
 * The context for events selected by key `K`: a union over the adapters that declare `K`,
 * discriminated by `c.adapter`.
 */
export type ContextFor<R, K extends string> =
  IsEmpty<R> extends true
    ? WithMessage<K, Context>
    : OrAny<
        R,
        K extends unknown
          ? {
              [A in keyof R & string]: K extends keyof EventsOf<R[A]>
                ? WithMessage<K, Context<A, EventsOf<R[A]>[K], BotOf<R[A]>>>
                : never
            }[keyof R & string]
          : never
      >

type WithMessage<K, C> = K extends 'message' | `message.${string}` ? C & MessageFields : C
type OrAny<R, C> = [C] extends [never] ? AnyContext<R> : C
