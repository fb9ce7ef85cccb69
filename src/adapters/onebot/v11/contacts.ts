import type { ChatTarget } from '../../../adapter/target.js'
import type { ContactBook, ContactKind } from '../shared/contacts.js'
import { idsOf } from '../shared/contacts.js'
import type { V11Bot } from './bot.js'

type Payload = Readonly<Record<string, unknown>>

const LISTS: Record<ContactKind, { action: string; field: string }> = {
  group: { action: 'get_group_list', field: 'group_id' },
  user: { action: 'get_friend_list', field: 'user_id' },
  guild: { action: 'get_guild_list', field: 'guild_id' },
}

/** Fetches one of the bot's lists (guilds are a go-cqhttp extension; others fail and count as empty). */
export async function fetchV11Contacts(bot: V11Bot, kind: ContactKind): Promise<string[]> {
  const { action, field } = LISTS[kind]
  return idsOf(await bot.callApi(action, {}), field)
}

/**
 * What an event tells about the bot's chats: a group event means it is in the group (unless it
 * just left), a friend's private message or `friend_add` that the user is a friend, a guild
 * message that it is in the guild. A few field reads per event.
 */
export function learnFromV11Event(book: ContactBook, p: Payload): void {
  const group = p.group_id
  if (group !== undefined && group !== null && group !== 0) {
    const self = String(p.self_id)
    const left =
      p.notice_type === 'group_decrease' && (p.sub_type === 'kick_me' || String(p.user_id) === self)
    if (left) book.forget('group', String(group))
    else book.learn('group', String(group))
    return
  }
  if (p.message_type === 'private' && p.sub_type === 'friend') book.learn('user', String(p.user_id))
  else if (p.notice_type === 'friend_add') book.learn('user', String(p.user_id))
  else if (p.message_type === 'guild' && p.guild_id !== undefined) book.learn('guild', String(p.guild_id))
}

/** The send action and its params for a chat target (ids become numbers at the wire). */
export function v11SendAction(target: ChatTarget): { action: string; params: Record<string, unknown> } {
  if (target.group !== undefined) return { action: 'send_group_msg', params: { group_id: target.group } }
  if (target.user !== undefined) return { action: 'send_private_msg', params: { user_id: target.user } }
  return {
    action: 'send_guild_channel_msg',
    params: { guild_id: target.guild, channel_id: target.channel },
  }
}

/** The chat of a V11 event: its group, its guild channel, or the user of a private message. */
export function v11ChatOf(p: Payload): ChatTarget | undefined {
  const group = p.group_id
  if (group !== undefined && group !== null && group !== 0 && group !== '0' && group !== '')
    return { group: String(group) }
  if (p.guild_id !== undefined && p.channel_id !== undefined)
    return { channel: String(p.channel_id), guild: String(p.guild_id) }
  if (p.message_type === 'private' && p.user_id !== undefined) return { user: String(p.user_id) }
  return undefined
}

/** Who a V11 event addresses: `at` segments (not `all`), the quoted message's author, a poke's target. */
export function v11MentionsOf(
  p: Payload,
  segments:
    | readonly { readonly type: string; readonly data: Readonly<Record<string, unknown>> }[]
    | undefined,
  quotedAuthor: unknown,
): string[] {
  const out: string[] = []
  if (p.notice_type === 'notify' && p.sub_type === 'poke' && p.target_id !== undefined)
    out.push(String(p.target_id))
  for (const seg of segments ?? []) {
    if (seg.type === 'at' && seg.data.qq !== undefined && seg.data.qq !== 'all') out.push(String(seg.data.qq))
  }
  if (quotedAuthor !== undefined && quotedAuthor !== null) out.push(String(quotedAuthor))
  return out
}
