import type { SendOptions } from '../adapter/bot.js'
import type { IncomingEvent } from '../adapter/event.js'
import type { ParsedArgs } from '../commands/parse-args.js'
import { Message, PlainMessage } from '../message/message.js'
import type { MessageInput } from '../message/segment.js'
import type { Dependency } from './dependency.js'
import { EventFacts, type EventRoot } from './event-root.js'
import type { MatchData, MatcherRecord } from './matcher.js'
import type { ShellResult } from './shell.js'
import type { ControlSignal, SignalKind } from './signal.js'
import type { Context, MatcherInfo, PromptOptions } from './types.js'

/** What a context asks of the run that owns it. */
export interface RunControl {
  /** Records the signal (so a swallowed throw still counts) and returns it for throwing. */
  signal(kind: SignalKind, prompt?: MessageInput, options?: SendOptions, reason?: string): ControlSignal
  /** Sets where the next event goes when the run resumes (`arg\0key` or `receive\0id`). */
  target: string | undefined
  stopped: boolean
  /** `c.signal`: aborted when the run is cancelled. */
  readonly abortSignal: AbortSignal
  /** Whether a send through the context must be dropped (after finish/reject/pause, or once abandoned). */
  dropsSend(): boolean
  /** Sends `message`, waits for the session's next event without switching the context to it. */
  waitFor(
    message: MessageInput | undefined,
    options: PromptOptions | undefined,
  ): Promise<IncomingEvent | undefined>
}

const EMPTY: MatchData = {}

/** The `c` of a handler: the event's facts plus matcher state and control flow. */
export class ContextImpl extends EventFacts implements Context {
  #root: EventRoot
  readonly #record: MatcherRecord
  readonly #match: MatchData
  readonly state: Record<string, unknown>
  run: RunControl | undefined
  #args: Map<string, Message> | undefined
  #received: Map<string, IncomingEvent> | undefined
  #lastReceived: IncomingEvent | undefined

  constructor(record: MatcherRecord, root: EventRoot, match: MatchData | undefined) {
    super()
    this.#record = record
    this.#root = root
    this.#match = match ?? EMPTY
    this.state = record.spec.state ? { ...record.spec.state } : {}
  }

  get incoming(): IncomingEvent {
    return this.#root.incoming
  }
  get root(): EventRoot {
    return this.#root
  }
  /** Moves the context to the session's next event (after `pause`/`reject`). */
  switchTo(root: EventRoot): void {
    this.#root = root
  }
  get isSuperuser(): boolean {
    return this.#root.isSuperuser
  }
  get matcher(): MatcherInfo {
    return this.#record.info
  }

  // Fields of the specialised contexts (typed by the factories).
  get command(): readonly string[] {
    return this.#match.command?.command ?? []
  }
  get rawCommand(): string {
    return this.#match.command?.raw ?? ''
  }
  get commandStart(): string {
    return this.#match.command?.start ?? ''
  }
  get commandWhitespace(): string {
    return this.#match.command?.whitespace ?? ''
  }
  /** The argument text, or a typed command's bound arguments. */
  get args(): string | Readonly<Record<string, unknown>> {
    const typed = this.#match.typed
    return typed ? (typed.kind === 'ok' ? typed.args : {}) : (this.#match.command?.argsText ?? '')
  }
  /** A typed command's options. */
  get opts(): Readonly<Record<string, unknown>> {
    const typed = this.#match.typed
    return typed?.kind === 'ok' ? typed.opts : {}
  }
  /** A typed command's binding (the guard answers help and errors from it). */
  get parsed(): ParsedArgs | undefined {
    return this.#match.typed
  }
  get argsMessage(): Message | undefined {
    return this.#match.command?.argsMessage
  }
  get match(): RegExpExecArray | undefined {
    return this.#match.match
  }
  get matched(): string | undefined {
    return this.#match.matched
  }
  get shell(): ShellResult | undefined {
    return this.#match.shell
  }

  /** Aborted when the run is cancelled (unload, shutdown, HANDLER_TIMEOUT): pass it to your own I/O. */
  get signal(): AbortSignal {
    return this.#control().abortSignal
  }

  override send(message: MessageInput, options?: SendOptions): Promise<unknown> {
    if (this.run?.dropsSend()) return Promise.resolve(undefined)
    return this.deliver(message, options)
  }

  /** Sends without the control-flow check: the runner's own sends (finish messages, prompts). */
  deliver(message: MessageInput, options?: SendOptions): Promise<unknown> {
    return this.incoming.bot.send(this.incoming, message, options)
  }

  reply(message: MessageInput, options?: SendOptions): Promise<unknown> {
    return this.send(message, { reply: true, ...options })
  }

  // finish/pause/reject throw at once, so a forgotten `await` cannot let the handler go on; the
  // runner sends their message after the handler has stopped.
  finish(message?: MessageInput, options?: SendOptions): never {
    throw this.#control().signal('finish', message, options)
  }
  pause(prompt?: MessageInput, options?: SendOptions): never {
    throw this.#control().signal('pause', prompt, options)
  }
  reject(prompt?: MessageInput, options?: SendOptions): never {
    throw this.#control().signal('reject', prompt, options)
  }
  rejectArg(key: string, prompt?: MessageInput, options?: SendOptions): never {
    this.#control().target = `arg\0${key}`
    return this.reject(prompt, options)
  }
  rejectReceive(id = '', prompt?: MessageInput, options?: SendOptions): never {
    this.#control().target = `receive\0${id}`
    return this.reject(prompt, options)
  }
  skip(): never {
    throw this.#control().signal('skip')
  }
  skipMatcher(reason?: string): never {
    throw this.#control().signal('skipMatcher', undefined, undefined, reason)
  }
  skipEvent(reason?: string): never {
    throw this.#control().signal('skipEvent', undefined, undefined, reason)
  }
  stopPropagation(): void {
    this.#control().stopped = true
  }

  async prompt(message?: MessageInput, options?: PromptOptions): Promise<string | undefined> {
    return (await this.promptEvent(message, options))?.plainText
  }
  promptEvent(message?: MessageInput, options?: PromptOptions): Promise<IncomingEvent | undefined> {
    return this.#control().waitFor(message, options)
  }

  arg(key: string): Message | undefined {
    return this.#args?.get(key)
  }
  argText(key: string): string | undefined {
    return this.#args?.get(key)?.extractPlainText()
  }
  /** Sets argument `key`, so a later `got(key)` does not ask (NoneBot's `set_arg`). */
  setArg(key: string, value: MessageInput): void {
    this.#args ??= new Map()
    this.#args.set(key, toMessage(value, this.incoming))
  }
  hasArg(key: string): boolean {
    return this.#args?.has(key) ?? false
  }
  received(id = ''): IncomingEvent | undefined {
    return this.#received?.get(id)
  }
  setReceived(id: string, event: IncomingEvent): void {
    this.#received ??= new Map()
    this.#received.set(id, event)
    this.#lastReceived = event
  }
  get lastReceived(): IncomingEvent | undefined {
    return this.#lastReceived
  }

  resolve<T>(dependency: Dependency<T, this>): Promise<T> {
    return this.#root.deps.resolve(dependency, this)
  }

  #control(): RunControl {
    if (!this.run) throw new Error('this context is not running a matcher')
    return this.run
  }
}

/** A message of the event's own class (so adapter helpers work on it), or a plain one outside messages. */
function toMessage(value: MessageInput, incoming: IncomingEvent): Message {
  if (value instanceof Message) return value
  const like = incoming.message ?? incoming.originalMessage
  return like ? like.slice(0, 0).append(value) : new PlainMessage(value)
}
