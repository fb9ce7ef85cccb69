import type { AdapterHost } from '../../../adapter/adapter.js'
import { mediaConfigShape } from '../shared/media.js'
import { V12Bot, type V12LinkResolver } from './bot.js'
import type { V12WsConnection } from './connections/ws-connection.js'
import type { V12Self } from './events.js'
import { selfKey } from './normalize.js'

interface Entry {
  readonly bot: V12Bot
  /** The WebSocket the bot lives on; undefined for webhook bots. */
  readonly connection: V12WsConnection | undefined
}

/**
 * The adapter's bots, keyed by `platform:user_id` (both parts: two platforms may share an id).
 * Each bot session is announced to the app exactly once and retired exactly once.
 */
export class V12BotRegistry {
  readonly #entries = new Map<string, Entry>()
  readonly #connectionOf = new WeakMap<V12Bot, V12WsConnection>()
  readonly #placeholders = new WeakMap<V12WsConnection, V12Bot>()
  #webhookPlaceholder: V12Bot | undefined

  constructor(
    private readonly host: AdapterHost,
    private readonly resolveLink: V12LinkResolver,
  ) {}

  get size(): number {
    return this.#entries.size
  }

  all(): V12Bot[] {
    return [...this.#entries.values()].map((e) => e.bot)
  }

  get(self: V12Self): V12Bot | undefined {
    return this.#entries.get(selfKey(self))?.bot
  }

  /** The WebSocket a bot (or a placeholder) lives on. */
  connectionOf(bot: V12Bot): V12WsConnection | undefined {
    return this.#connectionOf.get(bot)
  }

  /** Bots living on `connection` (or, when undefined, webhook bots). */
  on(connection: V12WsConnection | undefined): V12Bot[] {
    const out: V12Bot[] = []
    for (const entry of this.#entries.values()) if (entry.connection === connection) out.push(entry.bot)
    return out
  }

  /**
   * The bot for `self` as seen on `connection`, created and announced when new. A bot known on
   * another WebSocket moves to this one as a new session (the implementation reconnected).
   * Webhook events reuse a bot that already has a WebSocket.
   */
  ensure(self: V12Self, connection: V12WsConnection | undefined, impl?: string): V12Bot {
    const key = selfKey(self)
    const entry = this.#entries.get(key)
    if (entry && (entry.connection === connection || connection === undefined)) return entry.bot
    if (!entry && self.platform !== '') {
      const adopted = this.#adoptUnknownPlatform(self, connection)
      if (adopted) return adopted
    }
    if (entry) this.remove(self)
    return this.#add(self, connection, impl)
  }

  /** Retires the bot for `self`, if any. */
  remove(self: V12Self): void {
    const key = selfKey(self)
    const entry = this.#entries.get(key)
    if (!entry) return
    this.#entries.delete(key)
    this.host.botDisconnected(entry.bot)
  }

  /** Retires every bot of a closed connection; returns their ids for the log. */
  dropConnection(connection: V12WsConnection): string[] {
    const gone: string[] = []
    for (const [key, entry] of this.#entries) {
      if (entry.connection !== connection) continue
      this.#entries.delete(key)
      gone.push(key)
      this.host.botDisconnected(entry.bot)
    }
    return gone
  }

  /** Retires every bot (shutdown). */
  clear(): void {
    for (const entry of this.#entries.values()) this.host.botDisconnected(entry.bot)
    this.#entries.clear()
  }

  /**
   * The bot a meta event (which has no `self`) is dispatched with: the connection's first bot,
   * else its placeholder. Webhook meta events use the first webhook bot, else a placeholder.
   */
  forMeta(connection: V12WsConnection | undefined, impl?: string): V12Bot {
    const first = this.on(connection)[0]
    if (first) return first
    if (connection) return this.placeholder(connection)
    this.#webhookPlaceholder ??= this.#create('', undefined, undefined, impl)
    return this.#webhookPlaceholder
  }

  /** The connection's bot with no `self`: it calls meta actions and carries early meta events. */
  placeholder(connection: V12WsConnection): V12Bot {
    let bot = this.#placeholders.get(connection)
    if (!bot) {
      bot = this.#create('', undefined, connection)
      this.#placeholders.set(connection, bot)
    }
    return bot
  }

  #add(self: V12Self, connection: V12WsConnection | undefined, impl?: string): V12Bot {
    const taken = this.all().some((b) => b.selfId === self.user_id)
    // Another platform's bot has this user id: keep the app's `adapter:selfId` key unique.
    const selfId = taken ? selfKey(self) : self.user_id
    if (taken) this.host.logger.warn(`two V12 bots share user id ${self.user_id}; this one is ${selfId}`)
    const bot = this.#create(selfId, self, connection, impl)
    this.#entries.set(selfKey(self), { bot, connection })
    this.host.botConnected(bot)
    return bot
  }

  /** A bot discovered with `get_self_info` has no platform until its first event says so. */
  #adoptUnknownPlatform(self: V12Self, connection: V12WsConnection | undefined): V12Bot | undefined {
    const unknownKey = selfKey({ platform: '', user_id: self.user_id })
    const entry = this.#entries.get(unknownKey)
    if (!entry || entry.connection !== connection) return undefined
    this.#entries.delete(unknownKey)
    entry.bot.self = self
    this.#entries.set(selfKey(self), entry)
    return entry.bot
  }

  #create(
    selfId: string,
    self: V12Self | undefined,
    connection: V12WsConnection | undefined,
    impl?: string,
  ): V12Bot {
    const bot = new V12Bot(
      selfId,
      self,
      this.host.apiHooks,
      this.resolveLink,
      this.host.apiTimeoutMs,
      () => connection?.impl ?? impl,
      this.host.logger,
    )
    bot.mediaMode = this.host.config.section(mediaConfigShape).onebot_media
    if (connection) this.#connectionOf.set(bot, connection)
    return bot
  }
}
