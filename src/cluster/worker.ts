import { type ConsumerMessages, type JsMsg, jetstream } from '@nats-io/jetstream'
import type { NatsConnection } from '@nats-io/transport-node'
import type { Adapter, AdapterHost, ConnectionMode } from '../adapter/adapter.js'
import type { Bot } from '../adapter/bot.js'
import type { ClusterCodec } from '../adapter/cluster-codec.js'
import { LogRateLimiter } from '../log/rate-limit.js'
import type { ClusterOptions } from './options.js'
import { remoteCall } from './remote-call.js'
import { eventStream, workerConsumer } from './subjects.js'
import { decodeJson, isEnvelope } from './wire.js'

/** Events a worker holds from the broker at once (pulled ahead of dispatch). */
const PULL_BATCH = 16

/**
 * The worker role, as an adapter of the app: its "connection" is the workers' durable consumer.
 * It turns each event of the stream back into the adapter's event, with a bot whose actions are
 * requests to the owning gateway, and dispatches it to the plugins, which run unchanged.
 *
 * At-most-once: an event is acknowledged when its dispatch starts, so a worker that dies while
 * handling it loses it rather than letting another worker answer it a second time.
 */
export class ClusterWorker implements Adapter {
  readonly name = 'cluster.worker'
  readonly #bots = new Map<string, Bot>()
  readonly #refusals = new LogRateLimiter()
  #host: AdapterHost | undefined
  #messages: ConsumerMessages | undefined
  #loop: Promise<void> | undefined
  /** Events handed to the plugins so far (tests and the console read it). */
  handled = 0

  constructor(
    private readonly nc: NatsConnection,
    private readonly options: ClusterOptions,
    private readonly codecs: ReadonlyMap<string, ClusterCodec>,
  ) {}

  setup(host: AdapterHost): void {
    this.#host = host
  }

  async start(): Promise<void> {
    const consumer = await jetstream(this.nc).consumers.get(
      eventStream(this.options),
      workerConsumer(this.options),
    )
    this.#messages = await consumer.consume({ max_messages: PULL_BATCH })
    this.#loop = this.#run(this.#messages)
  }

  async stop(): Promise<void> {
    await this.#messages?.close()
    await this.#loop
    const host = this.#host
    for (const bot of this.#bots.values()) host?.botDisconnected(bot)
    this.#bots.clear()
  }

  modes(): readonly ConnectionMode[] {
    return [
      {
        name: 'cluster worker',
        active: true,
        detail: `events from stream ${eventStream(this.options)} (consumer ${workerConsumer(this.options)})`,
      },
    ]
  }

  async #run(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const msg of messages) {
        msg.ack()
        this.#deliver(msg)
      }
    } catch (error) {
      this.#host?.logger.error({ err: error }, 'cluster worker: the event stream ended with an error')
    }
  }

  #deliver(msg: JsMsg): void {
    const host = this.#host
    if (!host) return
    const envelope = decodeJson(msg.data)
    if (!isEnvelope(envelope)) {
      this.#refusals.log(
        host.logger,
        'warn',
        'envelope',
        `cluster worker: dropped a message on ${msg.subject} that is not an event`,
      )
      return
    }
    const codec = this.codecs.get(envelope.a)
    if (!codec) {
      this.#refusals.log(
        host.logger,
        'warn',
        `adapter:${envelope.a}`,
        `cluster worker: dropped an event of adapter ${envelope.a}, which this worker does not run (package.json nonebot.adapters)`,
      )
      return
    }
    const bot = this.#botFor(codec, envelope.a, envelope.s, host)
    const event = codec.decode(bot, envelope.p, host.nicknames)
    if (!event) {
      this.#refusals.log(
        host.logger,
        'warn',
        `decode:${envelope.a}`,
        `cluster worker: dropped an event of bot ${envelope.s} that ${envelope.a} cannot read`,
      )
      return
    }
    this.handled++
    host.dispatch(event)
  }

  /** Bots appear in a worker with their first event (see docs/deployment.md for what is not done yet). */
  #botFor(codec: ClusterCodec, adapter: string, selfId: string, host: AdapterHost): Bot {
    const key = `${adapter}:${selfId}`
    let bot = this.#bots.get(key)
    if (bot) return bot
    const call = remoteCall(this.nc, this.options, adapter, selfId, host.apiTimeoutMs)
    bot = codec.remoteBot(selfId, host.apiHooks, call, host.apiTimeoutMs)
    this.#bots.set(key, bot)
    host.botConnected(bot)
    return bot
  }
}
