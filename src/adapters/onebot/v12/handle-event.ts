import type { AdapterHost } from '../../../adapter/adapter.js'
import type { RecentKeys } from '../shared/recent-keys.js'
import type { V12Bot } from './bot.js'
import type { V12BotRegistry } from './bots.js'
import type { WebhookReply } from './connections/webhook.js'
import type { V12WsConnection } from './connections/ws-connection.js'
import { learnFromV12Event } from './contacts.js'
import type { V12BotStatus, V12Self } from './events.js'
import { V12IncomingEvent } from './incoming.js'
import { normalizeEvent, selfKey } from './normalize.js'

export interface EventContext {
  readonly host: AdapterHost
  readonly bots: V12BotRegistry
  readonly raw: Record<string, unknown>
  /** The WebSocket it came on; undefined for the webhook. */
  readonly connection: V12WsConnection | undefined
  /** `X-Impl` of a webhook request. */
  readonly impl?: string
  readonly reply?: WebhookReply
  /** Ids of recent non-meta events, to drop duplicates. */
  readonly recent: RecentKeys
}

/**
 * One incoming event: normalised in place, bots learned from `connect`/`status_update`/`self`,
 * then dispatched once. Meta events are dispatched too (kind `meta`), with the connection's first
 * bot or its placeholder, so meta-event matchers see V12 meta events.
 */
export function handleV12Event(ctx: EventContext): void {
  const { host, bots, connection, raw } = ctx
  const normalized = normalizeEvent(raw, () => {
    if (connection?.legacySelf) return connection.legacySelf
    const only = bots.on(connection)
    return only.length === 1 ? only[0]!.self : undefined
  })
  if (!normalized.ok) {
    host.logger.warn(`${connection?.description ?? 'V12 webhook'}: dropped an event (${normalized.reason})`)
    return
  }
  const event = normalized.event
  let bot: V12Bot
  if (event.type === 'meta') {
    if (event.detail_type === 'connect' && connection) {
      const version = event.version as { impl?: unknown } | undefined
      if (typeof version?.impl === 'string') connection.impl = version.impl
      connection.sawConnect = true
    } else if (event.detail_type === 'heartbeat' && connection) {
      connection.heartbeat(event.interval)
    } else if (event.detail_type === 'status_update') {
      const status = event.status as { bots?: unknown } | undefined
      if (Array.isArray(status?.bots)) applyStatus(ctx, status.bots as V12BotStatus[])
    }
    bot = bots.forMeta(connection, ctx.impl)
  } else {
    const self = event.self as V12Self
    if (event.id !== '' && ctx.recent.seen(`${selfKey(self)}:${event.id}`)) {
      if (host.logger.isLevelEnabled('debug')) host.logger.debug(`V12: dropped duplicate event ${event.id}`)
      return
    }
    bot = bots.ensure(self, connection, ctx.impl)
    learnFromV12Event(bot.contacts, self.user_id, event)
  }
  if (ctx.reply) ctx.reply.bot = bot
  // The dispatcher traces the event at DEBUG (one line per event, whichever adapter).
  host.dispatch(new V12IncomingEvent(bot, event, host.nicknames))
}

/** `online: true` announces a bot, `online: false` retires it; a list may hold only changes. */
function applyStatus(ctx: EventContext, entries: readonly V12BotStatus[]): void {
  for (const entry of entries) {
    const self = entry?.self as Partial<V12Self> | undefined
    if (!self || self.user_id === undefined || self.user_id === null) continue
    const key: V12Self = { platform: String(self.platform ?? ''), user_id: String(self.user_id) }
    if (entry.online === false) ctx.bots.remove(key)
    else ctx.bots.ensure(key, ctx.connection, ctx.impl)
  }
}
