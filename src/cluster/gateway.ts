import { createHash } from 'node:crypto'
import { type JetStreamClient, jetstream } from '@nats-io/jetstream'
import { type KV, Kvm } from '@nats-io/kv'
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node'
import type { Bot } from '../adapter/bot.js'
import type { ClusterCodec } from '../adapter/cluster-codec.js'
import type { IncomingEvent } from '../adapter/event.js'
import type { App, EventHandler } from '../app.js'
import { LogRateLimiter } from '../log/rate-limit.js'
import type { ClusterOptions } from './options.js'
import { apiSubject, botKey, botsBucket, eventSubject, partitionOf } from './subjects.js'
import { type ApiReply, decodeJson, type EventEnvelope, encodeJson, isApiRequest, replyOf } from './wire.js'

/** Requests for one bot go to one member of this queue group, so an action is never done twice. */
const API_QUEUE = 'gateways'

interface HeldBot {
  readonly bot: Bot
  readonly sub: Subscription
}

/**
 * The gateway role: an App whose adapters hold the OneBot connections and whose events go to the
 * broker instead of to plugins. It records which bots it holds in the bots bucket (refreshed
 * well within the bucket's TTL) and answers their action requests.
 */
export class ClusterGateway implements EventHandler {
  readonly #js: JetStreamClient
  readonly #held = new Map<string, HeldBot>()
  readonly #refusals = new LogRateLimiter()
  #kv: KV | undefined
  #refresh: NodeJS.Timeout | undefined
  /** Events that could not be published (broker down or refusing), for the docs' semantics. */
  dropped = 0

  constructor(
    private readonly app: App,
    private readonly nc: NatsConnection,
    private readonly options: ClusterOptions,
    private readonly codecs: ReadonlyMap<string, ClusterCodec>,
    readonly id: string,
  ) {
    this.#js = jetstream(nc)
  }

  async start(): Promise<void> {
    this.#kv = await new Kvm(this.nc).open(botsBucket(this.options))
    this.app.use(this)
    this.app.onBotConnect((bot) => this.#own(bot))
    this.app.onBotDisconnect((bot) => this.#release(bot))
    this.#refresh = setInterval(() => void this.#refreshAll(), Math.floor(this.options.botTtlMs / 3))
    this.#refresh.unref()
  }

  /** Releases every bot it holds (so workers see them offline at once) and stops refreshing. */
  async close(): Promise<void> {
    clearInterval(this.#refresh)
    for (const held of [...this.#held.values()]) await this.#release(held.bot)
  }

  /** Bots this gateway answers for, as `adapter:selfId`. */
  get held(): readonly string[] {
    return [...this.#held.keys()]
  }

  async handle(event: IncomingEvent): Promise<void> {
    // Heartbeats stay here: they only keep the connection alive.
    if (event.kind === 'meta' && event.name.startsWith('meta.heartbeat')) return
    const codec = this.codecs.get(event.adapter)
    if (!codec) return
    const { selfId } = event.bot
    const envelope: EventEnvelope = {
      a: event.adapter,
      s: selfId,
      p: codec.encode(event),
      g: this.id,
      t: Date.now(),
    }
    const data = encodeJson(envelope)
    const id = codec.eventId(event) ?? createHash('sha1').update(data).digest('hex')
    const partition = partitionOf(this.options, event.adapter, selfId, event.sessionId ?? '')
    try {
      await this.#js.publish(eventSubject(this.options, event.adapter, selfId, partition), data, {
        msgID: `${event.adapter}:${selfId}:${id}`,
      })
    } catch (error) {
      this.dropped++
      this.#refusals.log(
        this.app.logger,
        'warn',
        'publish',
        `cluster gateway: an event of bot ${selfId} was dropped: the broker did not take it (${String(error)}); ${this.dropped} dropped so far`,
      )
    }
  }

  async #own(bot: Bot): Promise<void> {
    if (!this.codecs.has(bot.adapter)) return
    const key = `${bot.adapter}:${bot.selfId}`
    this.#held.get(key)?.sub.unsubscribe()
    const sub = this.nc.subscribe(apiSubject(this.options, bot.adapter, bot.selfId), {
      queue: API_QUEUE,
      callback: (error, msg) => {
        if (!error) void this.#answer(bot, msg)
      },
    })
    this.#held.set(key, { bot, sub })
    await this.#kv?.put(botKey(bot.adapter, bot.selfId), this.id)
  }

  async #release(bot: Bot): Promise<void> {
    const key = `${bot.adapter}:${bot.selfId}`
    const held = this.#held.get(key)
    if (held?.bot !== bot) return
    this.#held.delete(key)
    held.sub.unsubscribe()
    const kvKey = botKey(bot.adapter, bot.selfId)
    try {
      // Only if it is still ours: the bot may already have reconnected to another gateway.
      const entry = await this.#kv?.get(kvKey)
      if (entry && entry.string() === this.id) await this.#kv?.delete(kvKey, { previousSeq: entry.revision })
    } catch (error) {
      this.app.logger.debug({ err: error }, `cluster gateway: could not release bot ${bot.selfId}`)
    }
  }

  async #refreshAll(): Promise<void> {
    for (const { bot } of this.#held.values()) {
      try {
        await this.#kv?.put(botKey(bot.adapter, bot.selfId), this.id)
      } catch (error) {
        this.#refusals.log(
          this.app.logger,
          'warn',
          'refresh',
          `cluster gateway: cannot refresh bot ownership (${String(error)})`,
        )
        return
      }
    }
  }

  async #answer(bot: Bot, msg: Msg): Promise<void> {
    const request = decodeJson(msg.data)
    let reply: ApiReply
    if (!isApiRequest(request)) {
      this.#refusals.log(
        this.app.logger,
        'warn',
        'api',
        `cluster gateway: refused an action request for bot ${bot.selfId} that is not one`,
      )
      reply = replyOf(new Error('not an action request'))
    } else {
      try {
        const options =
          request.timeoutMs === null
            ? { timeoutMs: Number.POSITIVE_INFINITY }
            : { timeoutMs: request.timeoutMs }
        reply = { ok: true, data: await bot.callApi(request.action, request.params, options) }
      } catch (error) {
        reply = replyOf(error)
      }
    }
    msg.respond(encodeJson(reply))
  }
}
