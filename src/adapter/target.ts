/**
 * Where a message goes when it is not an answer to an event: a group, a user (private chat) or a
 * channel of a guild. Ids are strings, as everywhere in the public API.
 */
export type ChatTarget =
  | { readonly group: string; readonly user?: never; readonly channel?: never; readonly guild?: never }
  | { readonly user: string; readonly group?: never; readonly channel?: never; readonly guild?: never }
  | { readonly channel: string; readonly guild: string; readonly group?: never; readonly user?: never }

/** A chat target, optionally pinned to one adapter (`onebot.v11`) and/or one bot (its self id). */
export type SendTarget = ChatTarget & {
  readonly adapter?: string
  readonly bot?: string
}

/** One string per chat (`group:1`, `user:2`, `channel:g/c`): the key of the multi-bot choice. */
export function chatKey(target: ChatTarget): string {
  if (target.group !== undefined) return `group:${target.group}`
  if (target.user !== undefined) return `user:${target.user}`
  return `channel:${target.guild}/${target.channel}`
}

/** For error messages: `group 123`, `user 456`, `channel 7 of guild 8`. */
export function describeTarget(target: ChatTarget): string {
  if (target.group !== undefined) return `group ${target.group}`
  if (target.user !== undefined) return `user ${target.user}`
  return `channel ${target.channel} of guild ${target.guild}`
}

/**
 * The target checked at the edge (plugins may build it from user input): exactly one of `group`,
 * `user`, `channel` (with `guild`); ids as non-empty strings (integers are accepted and turned into
 * strings). Returns a reason instead when it is malformed.
 */
export function normalizeTarget(value: unknown): SendTarget | string {
  if (typeof value !== 'object' || value === null)
    return 'the target must be an object such as { group: "123" }'
  const t = value as Record<string, unknown>
  const given = (['group', 'user', 'channel'] as const).filter((k) => t[k] !== undefined)
  if (given.length !== 1) return 'the target needs exactly one of group, user or channel (with guild)'
  const id = (key: string): string | undefined => {
    const v = t[key]
    if (typeof v === 'string' && v !== '') return v
    if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v)
    return undefined
  }
  const pins = {
    ...(typeof t.adapter === 'string' ? { adapter: t.adapter } : {}),
    ...(t.bot === undefined ? {} : { bot: String(t.bot) }),
  }
  const kind = given[0]!
  const main = id(kind)
  if (main === undefined) return `the target's ${kind} must be a non-empty id string`
  if (kind === 'group') return { group: main, ...pins }
  if (kind === 'user') return { user: main, ...pins }
  const guild = id('guild')
  if (guild === undefined) return 'a channel target needs its guild: { channel, guild }'
  return { channel: main, guild, ...pins }
}
