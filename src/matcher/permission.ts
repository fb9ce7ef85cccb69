import type { IncomingEvent } from '../adapter/event.js'
import type { Rule } from './rule.js'
import type { EventContext } from './types.js'

/**
 * Permissions are rules (`Rule`); these are the adapter-neutral ones. OneBot's `groupAdmin`,
 * `groupOwner`, `privateFriend`... come from the adapters as plain predicates and compose with
 * `or`/`and`/`not` the same way.
 */

/** Listed in SUPERUSERS: `onebot:<id>`, `onebot.v11:<id>` or bare `<id>`. */
export const superuser: Rule<EventContext> = function superuser(c) {
  return c.isSuperuser
}

export const isMessage: Rule<IncomingEvent> = (c) => c.kind === 'message'
export const isNotice: Rule<IncomingEvent> = (c) => c.kind === 'notice'
export const isRequest: Rule<IncomingEvent> = (c) => c.kind === 'request'
export const isMetaEvent: Rule<IncomingEvent> = (c) => c.kind === 'meta'

/** Only these sessions (NoneBot's `USER(*sessions)`), matched against `sessionId` or `userId`. */
export function user(...ids: string[]): Rule<IncomingEvent> {
  const set = new Set(ids)
  return function userRule(c) {
    return (
      (c.sessionId !== undefined && set.has(c.sessionId)) || (c.userId !== undefined && set.has(c.userId))
    )
  }
}

/** Whether `userId` of `adapter` is in `superusers`, as NoneBot matches them (plus the full adapter name). */
export function isSuperuserOf(
  superusers: ReadonlySet<string>,
  adapter: string,
  userId: string | undefined,
): boolean {
  if (userId === undefined || superusers.size === 0) return false
  if (superusers.has(userId) || superusers.has(`${adapter}:${userId}`)) return true
  const dot = adapter.indexOf('.')
  return dot > 0 && superusers.has(`${adapter.slice(0, dot)}:${userId}`)
}
