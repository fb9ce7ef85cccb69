import { readFile } from 'node:fs/promises'
import { AckPolicy, jetstreamManager } from '@nats-io/jetstream'
import { Kvm } from '@nats-io/kv'
import { connect, credsAuthenticator, type NatsConnection } from '@nats-io/transport-node'
import type { ClusterOptions } from './options.js'
import { botsBucket, eventStream, eventSubjects, workerConsumer } from './subjects.js'

/** The events stream keeps a dedupe window on `Nats-Msg-Id` of this long. */
const DEDUPE_WINDOW_NS = 2 * 60 * 1_000_000_000
/** Events nobody consumed within this long are useless (chat moves on). */
const EVENT_RETENTION_NS = 10 * 60 * 1_000_000_000

export async function connectCluster(options: ClusterOptions, name: string): Promise<NatsConnection> {
  const authenticator = options.credsFile
    ? credsAuthenticator(new Uint8Array(await readFile(options.credsFile)))
    : undefined
  return connect({
    servers: [...options.servers],
    name,
    authenticator,
    // Keep trying forever: a broker outage must not end the process (see docs/deployment.md).
    maxReconnectAttempts: -1,
  })
}

/**
 * Creates (or updates) the events stream, the workers' durable consumer and the bots bucket.
 * Every role calls it at start, so the first process up provisions the broker.
 */
export async function provision(nc: NatsConnection, options: ClusterOptions): Promise<void> {
  const jsm = await jetstreamManager(nc)
  const stream = eventStream(options)
  const config = {
    name: stream,
    subjects: [eventSubjects(options)],
    duplicate_window: DEDUPE_WINDOW_NS,
    max_age: EVENT_RETENTION_NS,
  }
  try {
    await jsm.streams.info(stream)
    await jsm.streams.update(stream, config)
  } catch {
    await jsm.streams.add(config)
  }
  const durable = workerConsumer(options)
  const ackWait = options.ackWaitMs * 1_000_000
  try {
    await jsm.consumers.update(stream, durable, { ack_wait: ackWait })
  } catch {
    await jsm.consumers.add(stream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      ack_wait: ackWait,
    })
  }
  await new Kvm(nc).create(botsBucket(options), { ttl: options.botTtlMs })
}
