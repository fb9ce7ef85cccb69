import type { IncomingEvent } from '../../../adapter/event.js'
import type { NarrowingPermission } from '../../../matcher/narrowing.js'
import type { GroupMessageEvent, PrivateMessageEvent } from './events.js'

/**
 * NoneBot's V11 permissions as predicates over any event (false for other adapters and for
 * non-message events). Pass them wherever a permission or rule is accepted.
 */
export type V11Permission = (event: IncomingEvent) => boolean

/** A V11 permission that narrows the handler's `c.event` to `E` (see `NarrowingPermission`). */
export type V11Narrowing<E> = NarrowingPermission<{ readonly adapter: 'onebot.v11'; readonly event: E }>

function payloadOf(event: IncomingEvent): Readonly<Record<string, unknown>> | undefined {
  if (event.adapter !== 'onebot.v11' || event.kind !== 'message') return undefined
  return event.event as Readonly<Record<string, unknown>>
}

function privateWith(subType?: string): V11Narrowing<PrivateMessageEvent> {
  return (event) => {
    const p = payloadOf(event)
    return p?.message_type === 'private' && (subType === undefined || p.sub_type === subType)
  }
}

function groupWith(role?: 'member' | 'admin' | 'owner'): V11Narrowing<GroupMessageEvent> {
  return (event) => {
    const p = payloadOf(event)
    if (p?.message_type !== 'group') return false
    return role === undefined || (p.sender as { role?: unknown } | undefined)?.role === role
  }
}

/** Any private message. */
export const PRIVATE: V11Narrowing<PrivateMessageEvent> = privateWith()
/** A private message from a friend. */
export const PRIVATE_FRIEND: V11Narrowing<PrivateMessageEvent> = privateWith('friend')
/** A temporary session started from a group. */
export const PRIVATE_GROUP: V11Narrowing<PrivateMessageEvent> = privateWith('group')
/** Any other private message. */
export const PRIVATE_OTHER: V11Narrowing<PrivateMessageEvent> = privateWith('other')
/** Any group message. */
export const GROUP: V11Narrowing<GroupMessageEvent> = groupWith()
/** A group message from an ordinary member. */
export const GROUP_MEMBER: V11Narrowing<GroupMessageEvent> = groupWith('member')
/** A group message from an administrator. */
export const GROUP_ADMIN: V11Narrowing<GroupMessageEvent> = groupWith('admin')
/** A group message from the owner. */
export const GROUP_OWNER: V11Narrowing<GroupMessageEvent> = groupWith('owner')
