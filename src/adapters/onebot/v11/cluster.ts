import type { ApiHooks } from '../../../adapter/api-hooks.js'
import type { Bot, CallOptions } from '../../../adapter/bot.js'
import type { ClusterCodec, RemoteCall } from '../../../adapter/cluster-codec.js'
import type { IncomingEvent } from '../../../adapter/event.js'
import { V11Bot } from './bot.js'
import { dedupeKey } from './dedupe.js'
import type { V11Event } from './events.js'
import { V11IncomingEvent } from './incoming.js'
import type { V11Reply } from './to-me.js'

/** What crosses the broker: the payload as dispatched (ids already strings) and the quoted message. */
interface V11Encoded {
  readonly e: Record<string, unknown>
  readonly q?: V11Reply['message']
}

/** A V11 bot in a worker: its actions are requests to the gateway that holds its connection. */
export class RemoteV11Bot extends V11Bot {
  readonly #call: RemoteCall

  constructor(selfId: string, hooks: ApiHooks, call: RemoteCall, apiTimeoutMs: number) {
    super(selfId, hooks, { apiTimeoutMs, accessToken: undefined, http: undefined, apiRoot: undefined })
    this.#call = call
  }

  override describeConnection(): string {
    return 'through the cluster'
  }

  // The gateway's bot converts ids for the wire and back; here the action only travels.
  protected override transport(
    action: string,
    params: Record<string, unknown>,
    options?: CallOptions,
  ): Promise<unknown> {
    return this.#call(action, params, options)
  }
}

export const v11ClusterCodec: ClusterCodec = {
  encode(event: IncomingEvent): V11Encoded {
    const reply = event instanceof V11IncomingEvent ? event.reply : undefined
    return reply?.message === undefined
      ? { e: event.event as Record<string, unknown> }
      : { e: event.event as Record<string, unknown>, q: reply.message }
  },
  eventId(event: IncomingEvent): string | undefined {
    return dedupeKey(event.bot.selfId, event.event as Record<string, unknown>)
  },
  remoteBot(selfId: string, hooks: ApiHooks, call: RemoteCall, apiTimeoutMs: number): Bot {
    return new RemoteV11Bot(selfId, hooks, call, apiTimeoutMs)
  },
  decode(bot: Bot, encoded: unknown, nicknames: readonly string[]): IncomingEvent | undefined {
    if (!(bot instanceof V11Bot) || typeof encoded !== 'object' || encoded === null) return undefined
    const { e, q } = encoded as Partial<V11Encoded>
    if (typeof e !== 'object' || e === null || typeof e.post_type !== 'string') return undefined
    const event = new V11IncomingEvent(bot, e as V11Event, nicknames)
    const quoted = event.replySegment()
    if (quoted) event.reply = { id: quoted.id, segment: quoted.segment, message: q }
    return event
  },
}
