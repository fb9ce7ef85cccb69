import type { CommandDoc } from '../commands/doc.js'
import type { ParsedArgs } from '../commands/parse-args.js'
import type { MessageInput } from '../message/segment.js'
import type { ParsedCommand } from './command.js'
import type { EventRoot } from './event-root.js'
import type { Rule } from './rule.js'
import type { ShellResult } from './shell.js'
import type { Context, Handler, MatcherInfo } from './types.js'

/** What a matcher's built-in test (command, regex, text) found; becomes the context's extra fields. */
export interface MatchData {
  readonly command?: ParsedCommand
  readonly match?: RegExpExecArray
  readonly matched?: string
  readonly shell?: ShellResult
  /** A typed command's arguments bound to its declaration. */
  readonly typed?: ParsedArgs
}

export type Getter =
  | { readonly kind: 'arg'; readonly key: string; readonly prompt?: MessageInput }
  | { readonly kind: 'receive'; readonly id: string }

export interface Step {
  readonly handler: Handler<Context> | undefined
  readonly getters: readonly Getter[]
}

/** Everything the dispatcher needs to know about a matcher. */
export interface MatcherSpec {
  readonly name: string
  readonly plugin: string
  /** Event keys (prefix match on the dotted name); `undefined` with no `kinds` = every event. */
  readonly keys?: readonly string[]
  /** Event kinds (`message`, `meta`...), for the kind-wide factories. */
  readonly kinds?: readonly string[]
  readonly priority: number
  readonly block: boolean
  readonly temp: boolean
  /** Epoch ms after which the matcher is removed. */
  readonly expireAt?: number
  readonly rule?: Rule<Context>
  readonly permission?: Rule<Context>
  /** Answers a user the permission refuses (when the rule passes): a message, or a function of `c`. */
  readonly onRefused?: MessageInput | ((c: Context) => unknown)
  readonly state?: Readonly<Record<string, unknown>>
  /** The built-in test; `undefined` result = no match. Runs before permission and rule. */
  readonly test?: (root: EventRoot) => MatchData | undefined
  readonly commands: readonly (readonly string[])[]
  /** What help shows for a command matcher (declaration, description, examples). */
  readonly doc?: CommandDoc
  /** Adapters the plugin supports; other adapters' events are not offered. */
  readonly adapters?: ReadonlySet<string>
}

let nextId = 1

/** The dispatcher's record of one matcher. */
export class MatcherRecord {
  readonly steps: Step[] = []
  readonly info: MatcherInfo
  /** Whether it can see `message_sent` events (never, when it listens to messages). */
  readonly messageOnly: boolean
  disposed = false
  #onDispose: (() => void)[] = []

  constructor(readonly spec: MatcherSpec) {
    this.info = {
      id: nextId++,
      name: spec.name,
      plugin: spec.plugin,
      type: spec.keys?.join('|') ?? spec.kinds?.join('|') ?? '*',
      priority: spec.priority,
      block: spec.block,
      temp: spec.temp,
      commands: spec.commands,
    }
    this.messageOnly =
      (spec.kinds?.includes('message') ?? false) ||
      (spec.keys?.some((k) => k.split('.')[0] === 'message') ?? false)
  }

  onDispose(fn: () => void): void {
    this.#onDispose.push(fn)
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    for (const fn of this.#onDispose.splice(0)) fn()
  }
}

/**
 * A registered matcher. Add handlers with `handle`, `got` and `receive` (they run in order, as in
 * NoneBot); `dispose()` removes it.
 */
export class Matcher<C = Context> {
  readonly #record: MatcherRecord

  constructor(record: MatcherRecord) {
    this.#record = record
  }

  get info(): MatcherInfo {
    return this.#record.info
  }

  get disposed(): boolean {
    return this.#record.disposed
  }

  /** Appends a handler (NoneBot's `@matcher.handle()`). */
  handle(handler: Handler<C>): this {
    this.#record.steps.push({ handler: handler as Handler<Context>, getters: [] })
    return this
  }

  /**
   * Makes sure argument `key` is set (by an earlier `c.setArg` or by asking `prompt` and taking the
   * next message), then runs `handler` (NoneBot's `@matcher.got(key, prompt)`).
   */
  got(key: string, prompt?: MessageInput, handler?: Handler<C>): this {
    this.#record.steps.push({
      handler: handler as Handler<Context> | undefined,
      getters: [{ kind: 'arg', key, prompt }],
    })
    return this
  }

  /** Waits for the session's next event (unless one was received as `id`), then runs `handler`. */
  receive(id = '', handler?: Handler<C>): this {
    this.#record.steps.push({
      handler: handler as Handler<Context> | undefined,
      getters: [{ kind: 'receive', id }],
    })
    return this
  }

  dispose(): void {
    this.#record.dispose()
  }
}
