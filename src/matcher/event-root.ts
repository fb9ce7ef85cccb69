import type { Bot, SendOptions } from '../adapter/bot.js'
import type { EventKind, IncomingEvent } from '../adapter/event.js'
import type { Logger } from '../log.js'
import type { Message } from '../message/message.js'
import type { MessageInput } from '../message/segment.js'
import type { CommandTrie, ParsedCommand } from './command.js'
import { DependencyCache } from './dependency.js'
import { isSuperuserOf } from './permission.js'
import { ControlSignal } from './signal.js'
import type { EventContext } from './types.js'

/** What an event's context needs from the dispatcher. */
export interface DispatchServices {
  readonly superusers: ReadonlySet<string>
  readonly commands: CommandTrie
  readonly logger: Logger
}

/** The event's facts, forwarded from whichever incoming event the subclass currently holds. */
export abstract class EventFacts {
  abstract get incoming(): IncomingEvent

  get adapter(): string {
    return this.incoming.adapter
  }
  get bot(): Bot {
    return this.incoming.bot
  }
  get event(): unknown {
    return this.incoming.event
  }
  get kind(): EventKind {
    return this.incoming.kind
  }
  get name(): string {
    return this.incoming.name
  }
  get userId(): string | undefined {
    return this.incoming.userId
  }
  get groupId(): string | undefined {
    return this.incoming.groupId
  }
  get sessionId(): string | undefined {
    return this.incoming.sessionId
  }
  get senderRole(): 'owner' | 'admin' | 'member' | undefined {
    return this.incoming.senderRole
  }
  get message(): Message | undefined {
    return this.incoming.message
  }
  get originalMessage(): Message | undefined {
    return this.incoming.originalMessage
  }
  get plainText(): string {
    return this.incoming.plainText
  }
  get toMe(): boolean {
    return this.incoming.toMe
  }

  send(message: MessageInput, options?: SendOptions): Promise<unknown> {
    return this.incoming.bot.send(this.incoming, message, options)
  }
}

/**
 * One event being dispatched: the context event hooks see, and the per-event caches (command
 * parse, dependencies) every matcher shares. Reference-counted: dependency cleanups run when the
 * dispatch and every run still working on this event are done.
 */
export class EventRoot extends EventFacts implements EventContext {
  readonly #incoming: IncomingEvent
  readonly services: DispatchServices
  #deps: DependencyCache | undefined
  #command: ParsedCommand | null | undefined
  #superuser: boolean | undefined
  #refs = 0
  /** Whether the DEBUG trace is on for this event (checked once, when the dispatch starts). */
  trace = false
  /** Set once a matcher ran for this event. */
  ran = false

  constructor(incoming: IncomingEvent, services: DispatchServices) {
    super()
    this.#incoming = incoming
    this.services = services
  }

  get incoming(): IncomingEvent {
    return this.#incoming
  }

  /** Dependencies resolved for this event; created on first use, so events without any cost nothing. */
  get deps(): DependencyCache {
    this.#deps ??= new DependencyCache()
    return this.#deps
  }

  get isSuperuser(): boolean {
    this.#superuser ??= isSuperuserOf(this.services.superusers, this.#incoming.adapter, this.#incoming.userId)
    return this.#superuser
  }

  /** The command at the start of the message, parsed on first use and shared by every matcher. */
  get command(): ParsedCommand | undefined {
    if (this.#command === undefined) {
      this.#command =
        this.#incoming.kind === 'message'
          ? (this.services.commands.parse(this.#incoming.message) ?? null)
          : null
    }
    return this.#command ?? undefined
  }

  skipEvent(reason?: string): never {
    throw new ControlSignal('skipEvent', reason)
  }

  retain(): void {
    this.#refs++
  }

  release(): void {
    if (--this.#refs > 0 || !this.#deps) return
    void this.#deps.close((error) =>
      this.services.logger.error({ err: error, event: this.#incoming.name }, 'dependency cleanup failed'),
    )
  }
}
