import type { IncomingEvent } from '../adapter/event.js'
import type { Dispatcher } from '../matcher/dispatcher.js'
import type { MatcherRecord } from '../matcher/matcher.js'
import type { KeyValueStore } from '../store/types.js'

/** What can be switched off in a group: a whole plugin, or one command (by its name, `admin.reload`). */
export type SwitchTarget = { readonly plugin: string } | { readonly command: string }

const PREFIX = 'switch:'

const targetKey = (t: SwitchTarget) => ('plugin' in t ? `plugin:${t.plugin}` : `command:${t.command}`)

/**
 * Plugins and commands switched off per group, kept in the data store and mirrored in memory so
 * the check on the event path is a map lookup. Costs nothing until something is switched off.
 */
export class Switches {
  readonly #store: () => KeyValueStore
  readonly #dispatcher: Dispatcher
  /** `adapter:group_1` -> switched-off targets. */
  readonly #off = new Map<string, Set<string>>()
  #loaded: Promise<void> | undefined

  constructor(store: () => KeyValueStore, dispatcher: Dispatcher) {
    this.#store = store
    this.#dispatcher = dispatcher
  }

  /** Reads what the store holds (once; later calls wait for the first). */
  load(): Promise<void> {
    this.#loaded ??= (async () => {
      const store = this.#store()
      for (const key of await store.keys(PREFIX)) {
        if ((await store.get(key)) !== true) continue
        const rest = key.slice(PREFIX.length)
        const cut = rest.indexOf('|')
        if (cut > 0) this.#mark(rest.slice(0, cut), rest.slice(cut + 1), true)
      }
    })()
    return this.#loaded
  }

  /** The chat key of an event (`onebot.v11:group_1`), undefined outside groups. */
  chatOf(event: IncomingEvent): string | undefined {
    return event.groupId === undefined ? undefined : `${event.adapter}:group_${event.groupId}`
  }

  /** Switches `target` off (or back on) in `chat`. */
  async set(chat: string, target: SwitchTarget, on: boolean): Promise<void> {
    await this.load()
    const key = targetKey(target)
    const storeKey = `${PREFIX}${chat}|${key}`
    if (on) await this.#store().delete(storeKey)
    else await this.#store().set(storeKey, true)
    this.#mark(chat, key, !on)
  }

  /** What is switched off in `chat`. */
  offIn(chat: string): SwitchTarget[] {
    return [...(this.#off.get(chat) ?? [])].map((key) =>
      key.startsWith('plugin:') ? { plugin: key.slice(7) } : { command: key.slice(8) },
    )
  }

  /** Whether `record` may see this event (the dispatcher's gate). */
  allows(record: MatcherRecord, event: IncomingEvent): boolean {
    if (this.#off.size === 0) return true
    const chat = this.chatOf(event)
    const off = chat === undefined ? undefined : this.#off.get(chat)
    if (!off) return true
    if (off.has(`plugin:${record.spec.plugin}`)) return false
    return !record.spec.commands.some((path) => off.has(`command:${path.join('.')}`))
  }

  #mark(chat: string, key: string, off: boolean): void {
    let set = this.#off.get(chat)
    if (off) {
      if (!set) {
        set = new Set()
        this.#off.set(chat, set)
      }
      set.add(key)
    } else if (set) {
      set.delete(key)
      if (set.size === 0) this.#off.delete(chat)
    }
    this.#dispatcher.gate = this.#off.size === 0 ? undefined : (record, root) => this.allows(record, root)
  }
}
