import { z } from 'zod'
import type { IncomingEvent } from '../adapter/event.js'
import type { ConfigStore } from '../config/store.js'
import { ContextImpl } from '../matcher/context.js'
import type { Dispatcher } from '../matcher/dispatcher.js'
import { EventRoot } from '../matcher/event-root.js'
import type { MatcherRecord } from '../matcher/matcher.js'
import type { KeyValueStore } from '../store/types.js'
import type { CommandDoc } from './doc.js'
import { MemoryKv } from './memory-kv.js'
import { suggestCommand } from './suggest.js'
import { Switches } from './switches.js'

/** A live command as help lists it. */
export interface CommandEntry {
  readonly plugin: string
  readonly doc: CommandDoc
  readonly record: MatcherRecord
}

const configShape = {
  command_suggest: z.boolean().default(true).describe('true or false'),
}

/**
 * What commands share across plugins: the store their counters and switches live in, the
 * per-group switches, the "did you mean" answer and the listing help reads. One per app
 * (`app.plugins.commands`).
 */
export class CommandCenter {
  #store: KeyValueStore | undefined
  readonly #openStore: () => KeyValueStore
  readonly switches: Switches
  readonly #dispatcher: Dispatcher
  readonly #suggestOn: boolean
  readonly #commandStart: readonly string[]
  readonly #commandSep: readonly string[]

  constructor(
    dispatcher: Dispatcher,
    config: ConfigStore,
    commandStart: readonly string[],
    commandSep: readonly string[],
    openStore: () => KeyValueStore = () => new MemoryKv(),
  ) {
    this.#openStore = openStore
    this.#dispatcher = dispatcher
    this.#suggestOn = config.section(configShape).command_suggest
    this.#commandStart = commandStart
    this.#commandSep = commandSep
    this.switches = new Switches(() => this.store, dispatcher)
    if (this.#suggestOn) dispatcher.unmatched = (root) => this.#didYouMean(root)
  }

  /** The first COMMAND_START, as help writes commands. */
  get start(): string {
    return this.#commandStart[0] ?? ''
  }
  /**
   * Where cooldown counters and switches are kept: the app's data store (`ctx.kv`'s, namespace
   * `commands`; DATABASE_URL), opened on first use. Tests may set another (`new MemoryKv()`).
   */
  get store(): KeyValueStore {
    this.#store ??= this.#openStore()
    return this.#store
  }
  set store(store: KeyValueStore) {
    this.#store = store
  }

  /** Every COMMAND_START. */
  get starts(): readonly string[] {
    return this.#commandStart
  }
  get sep(): string {
    return this.#commandSep[0] ?? '.'
  }

  /** `text` without a leading COMMAND_START (`/echo` -> `echo`). */
  stripStart(text: string): string {
    const start = this.#commandStart.find((s) => s !== '' && text.startsWith(s))
    return start === undefined ? text : text.slice(start.length)
  }

  /** The entry named `name` (its path or an alias, with `.`, COMMAND_SEP or spaces between parts). */
  find(entries: readonly CommandEntry[], name: string): CommandEntry | undefined {
    const parts = (path: readonly string[]) => path.join(' ').split(/\s+/).join('\0')
    const wanted = this.stripStart(name)
      .trim()
      .split(/\s+/)
      .flatMap((w) => splitAny(w, ['.', ...this.#commandSep]))
    const key = wanted.join('\0')
    return entries.find((e) => [e.doc.path, ...e.doc.aliases].some((p) => parts(p) === key))
  }

  /** Every live command, in registration order. */
  entries(): CommandEntry[] {
    const out: CommandEntry[] = []
    for (const record of this.#dispatcher.records()) {
      const { commands, doc, plugin } = record.spec
      if (commands.length === 0) continue
      out.push({ plugin, record, doc: doc ?? { path: commands[0]!, aliases: commands.slice(1) } })
    }
    return out
  }

  /** Commands the sender of `event` may run where it was sent: permission passes and not switched off. */
  async available(event: IncomingEvent): Promise<CommandEntry[]> {
    const root = event instanceof EventRoot ? event : new EventRoot(event, this.#dispatcher)
    const out: CommandEntry[] = []
    for (const entry of this.entries()) if (await this.mayRun(entry.record, root)) out.push(entry)
    return out
  }

  /** Whether the sender of `root` passes the matcher's permission and the matcher is on in this chat. */
  async mayRun(record: MatcherRecord, root: EventRoot): Promise<boolean> {
    if (!this.switches.allows(record, root)) return false
    const permission = record.spec.permission
    if (!permission) return true
    try {
      return await permission(new ContextImpl(record, root, undefined))
    } catch {
      return false
    }
  }

  /** Cheap checks first, so a message that cannot be a mistyped command costs no promise. */
  #didYouMean(root: EventRoot): Promise<void> | undefined {
    if (root.command) return undefined
    const first = root.message?.at(0)
    if (first?.type !== 'text') return undefined
    const text = String((first.data as { text?: unknown }).text ?? '')
    const start = this.#commandStart.find((s) => s !== '' && text.startsWith(s))
    if (start === undefined || !root.toMe) return undefined
    const typed = /^\S+/.exec(text.slice(start.length))?.[0]
    return typed ? this.#suggest(root, start, typed) : undefined
  }

  async #suggest(root: EventRoot, start: string, typed: string): Promise<void> {
    const names = new Map<string, CommandEntry>()
    for (const entry of await this.available(root)) {
      for (const path of [entry.doc.path, ...entry.doc.aliases]) names.set(path.join(this.sep), entry)
    }
    const best = suggestCommand(typed, [...names.keys()])
    if (best === undefined) return
    await root.send(`Unknown command ${start}${typed}. Did you mean ${start}${best}?`)
  }
}

function splitAny(text: string, seps: readonly string[]): string[] {
  let parts = [text]
  for (const sep of seps) if (sep !== '') parts = parts.flatMap((p) => p.split(sep))
  return parts.filter(Boolean)
}
