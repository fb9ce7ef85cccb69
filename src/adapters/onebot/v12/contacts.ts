import type { ChatTarget } from '../../../adapter/target.js'
import type { ContactBook, ContactKind } from '../shared/contacts.js'
import { idsOf } from '../shared/contacts.js'
import type { V12Bot } from './bot.js'

type Payload = Readonly<Record<string, unknown>>

const LISTS: Record<ContactKind, { action: string; field: string }> = {
  group: { action: 'get_group_list', field: 'group_id' },
  user: { action: 'get_friend_list', field: 'user_id' },
  guild: { action: 'get_guild_list', field: 'guild_id' },
}

/** Fetches one of the bot's lists with the standard V12 actions. */
export async function fetchV12Contacts(bot: V12Bot, kind: ContactKind): Promise<string[]> {
  const { action, field } = LISTS[kind]
  return idsOf(await bot.callApi(action, {}), field)
}

/**
 * What an event tells about the bot's chats: any group or guild event means the bot is in it,
 * unless it is the bot leaving (`*_member_decrease` of itself); private messages and
 * `friend_increase` mean a friend, `friend_decrease` a friend lost.
 */
export function learnFromV12Event(book: ContactBook, self: string, p: Payload): void {
  const { detail_type: detail, group_id: group, guild_id: guild, user_id: user } = p
  const selfLeft = String(user) === self && typeof detail === 'string' && detail.endsWith('_member_decrease')
  if (typeof group === 'string' && group !== '') {
    if (selfLeft) book.forget('group', group)
    else book.learn('group', group)
  } else if (typeof guild === 'string' && guild !== '') {
    if (selfLeft && detail === 'guild_member_decrease') book.forget('guild', guild)
    else book.learn('guild', guild)
  } else if (typeof user === 'string' && user !== '') {
    if (detail === 'friend_decrease') book.forget('user', user)
    else if ((p.type === 'message' && detail === 'private') || detail === 'friend_increase')
      book.learn('user', user)
  }
}

/** `send_message`'s chat fields for a target. */
export function v12SendTarget(target: ChatTarget): Record<string, unknown> {
  if (target.group !== undefined) return { detail_type: 'group', group_id: target.group }
  if (target.user !== undefined) return { detail_type: 'private', user_id: target.user }
  return { detail_type: 'channel', guild_id: target.guild, channel_id: target.channel }
}

/** The chat of a V12 event: its group, its guild channel, or the user of a private message. */
export function v12ChatOf(p: Payload): ChatTarget | undefined {
  const { group_id: group, guild_id: guild, channel_id: channel } = p
  if (typeof group === 'string' && group !== '') return { group }
  if (typeof guild === 'string' && typeof channel === 'string' && guild !== '' && channel !== '')
    return { channel, guild }
  if (p.type === 'message' && p.detail_type === 'private' && typeof p.user_id === 'string')
    return { user: p.user_id }
  return undefined
}

/** Who a V12 message addresses: `mention` segments and the quoted message's author. */
export function v12MentionsOf(p: Payload): string[] {
  const out: string[] = []
  if (!Array.isArray(p.message)) return out
  for (const seg of p.message as { type?: unknown; data?: Record<string, unknown> }[]) {
    if ((seg.type === 'mention' || seg.type === 'reply') && typeof seg.data?.user_id === 'string')
      out.push(seg.data.user_id)
  }
  return out
}
