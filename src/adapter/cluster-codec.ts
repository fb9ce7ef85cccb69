import type { ApiHooks } from './api-hooks.js'
import type { Bot, CallOptions } from './bot.js'
import type { IncomingEvent } from './event.js'

/** Delivers one action to the process holding the bot's connection and returns its result. */
export type RemoteCall = (
  action: string,
  params: Record<string, unknown>,
  options?: CallOptions,
) => Promise<unknown>

/**
 * How an adapter's events and bots cross the broker in cluster mode (docs/deployment.md). The
 * gateway encodes what it dispatched; a worker decodes it against a bot whose actions are remote.
 */
export interface ClusterCodec {
  /** The JSON-safe form of an event this adapter dispatched. */
  encode(event: IncomingEvent): unknown
  /** An id unique to this delivery of the event within its bot, for the broker's dedupe; undefined: none. */
  eventId(event: IncomingEvent): string | undefined
  /** A bot whose `callApi` goes through `call` (the worker's side). */
  remoteBot(selfId: string, hooks: ApiHooks, call: RemoteCall, apiTimeoutMs: number): Bot
  /** The event again, for `bot`; undefined when `encoded` is not one of this adapter's events. */
  decode(bot: Bot, encoded: unknown, nicknames: readonly string[]): IncomingEvent | undefined
}
