import type { Contacts } from '../../../adapter/contacts.js'
import type { ChatTarget } from '../../../adapter/target.js'

/** The three lists a OneBot bot can fetch: its groups, its friends and its guilds. */
export type ContactKind = 'group' | 'user' | 'guild'

/** Fetches one list of ids (`get_group_list`, `get_friend_list`, `get_guild_list`). */
export type ContactFetcher = (kind: ContactKind) => Promise<readonly string[]>

interface List {
  ids: ReadonlySet<string> | undefined
  loadedAt: number
  /** The last fetch failed: `warm` tries again after `MISS_RELOAD_MS`, not after the full TTL. */
  failed: boolean
  loading: Promise<void> | undefined
}

/** A fetched list is trusted this long before it is fetched again. */
const LIST_TTL_MS = 10 * 60_000
/** An id missing from a list fetches the list again, at most this often. */
const MISS_RELOAD_MS = 30_000

/**
 * What one bot knows of its chats, for `canReach`: ids learned from its events (a group message
 * means the bot is in that group) and the lists it fetched, refreshed when stale or when an
 * unknown id is asked for (at most every 30 s). A failed fetch counts as an empty list until the
 * next refresh, so an implementation without the action costs one failed call per refresh.
 */
export class ContactBook implements Contacts {
  readonly #learned: Record<ContactKind, Set<string>> = {
    group: new Set(),
    user: new Set(),
    guild: new Set(),
  }
  readonly #lists: Record<ContactKind, List> = {
    group: emptyList(),
    user: emptyList(),
    guild: emptyList(),
  }

  constructor(
    private readonly fetch: ContactFetcher,
    private readonly onError: (kind: ContactKind, error: unknown) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** The bot is in this group / has this friend / is in this guild (seen in an event). */
  learn(kind: ContactKind, id: string): void {
    this.#learned[kind].add(id)
  }

  /** The bot left the group / lost the friend / left the guild. */
  forget(kind: ContactKind, id: string): void {
    this.#learned[kind].delete(id)
    const ids = this.#lists[kind].ids
    if (ids?.has(id)) this.#lists[kind].ids = new Set([...ids].filter((x) => x !== id))
  }

  knows(target: ChatTarget): boolean {
    const [kind, id] = keyOf(target)
    if (this.#learned[kind].has(id)) return true
    const list = this.#lists[kind]
    if (list.ids !== undefined && this.now() - list.loadedAt > LIST_TTL_MS) void this.#load(kind)
    return list.ids?.has(id) ?? false
  }

  /** Whether the bot can reach `target`, fetching its list when stale or the id is unknown. */
  async reaches(target: ChatTarget): Promise<boolean> {
    const [kind, id] = keyOf(target)
    if (this.#fresh(kind, id)) return true
    const list = this.#lists[kind]
    const age = this.now() - list.loadedAt
    if (list.ids === undefined || age > MISS_RELOAD_MS) await this.#load(kind)
    return this.#fresh(kind, id)
  }

  /** The group list (the one the multi-bot policy needs), when missing or stale. */
  async warm(): Promise<void> {
    const list = this.#lists.group
    const age = this.now() - list.loadedAt
    if (list.ids === undefined || age > (list.failed ? MISS_RELOAD_MS : LIST_TTL_MS))
      await this.#load('group')
  }

  #fresh(kind: ContactKind, id: string): boolean {
    if (this.#learned[kind].has(id)) return true
    const list = this.#lists[kind]
    return list.ids !== undefined && this.now() - list.loadedAt <= LIST_TTL_MS && list.ids.has(id)
  }

  #load(kind: ContactKind): Promise<void> {
    const list = this.#lists[kind]
    list.loading ??= this.fetch(kind)
      .then(
        (ids) => {
          list.ids = new Set(ids)
          list.failed = false
        },
        (error: unknown) => {
          list.ids ??= new Set()
          list.failed = true
          this.onError(kind, error)
        },
      )
      .finally(() => {
        list.loadedAt = this.now()
        list.loading = undefined
      })
    return list.loading
  }
}

function emptyList(): List {
  return { ids: undefined, loadedAt: Number.NEGATIVE_INFINITY, failed: false, loading: undefined }
}

function keyOf(target: ChatTarget): [ContactKind, string] {
  if (target.group !== undefined) return ['group', target.group]
  if (target.user !== undefined) return ['user', target.user]
  return ['guild', target.guild]
}

/** Ids out of a list result (`[{ group_id: 1 }, ...]`); entries without the field are skipped. */
export function idsOf(result: unknown, field: string): string[] {
  if (!Array.isArray(result)) return []
  const out: string[] = []
  for (const entry of result) {
    const id = (entry as Record<string, unknown> | null)?.[field]
    if (typeof id === 'string' || typeof id === 'number') out.push(String(id))
  }
  return out
}
