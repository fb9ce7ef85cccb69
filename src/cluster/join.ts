import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import type { Adapter } from '../adapter/adapter.js'
import type { ClusterCodec } from '../adapter/cluster-codec.js'
import type { App } from '../app.js'
import type { Logger } from '../log.js'
import { connectCluster, provision } from './connection.js'
import { ClusterGateway } from './gateway.js'
import type { ClusterOptions } from './options.js'
import { ClusterWorker } from './worker.js'

/** A process's part in the cluster: the adapters its App runs, and what to wire into that App. */
export interface ClusterMember {
  readonly role: 'gateway' | 'worker'
  readonly id: string
  /** Gateway: the protocol adapters. Worker: the one adapter reading the broker. */
  readonly adapters: readonly Adapter[]
  /** Wires the role into the app (before `app.start()`); the connection closes at app shutdown. */
  install(app: App): Promise<void>
  readonly gateway?: ClusterGateway
  readonly worker?: ClusterWorker
}

export interface JoinOptions {
  readonly role: 'gateway' | 'worker'
  readonly options: ClusterOptions
  /** The adapters package.json names; a worker only uses their codecs. */
  readonly adapters: readonly Adapter[]
  readonly logger: Logger
}

/** Connects to NATS, provisions the stream, consumer and bucket, and prepares the role. */
export async function joinCluster(join: JoinOptions): Promise<ClusterMember> {
  const { role, options, logger } = join
  const codecs = codecsOf(join.adapters, logger)
  const id = `${role}-${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`
  const nc = await connectCluster(options, id)
  try {
    await provision(nc, options)
  } catch (error) {
    await nc.close()
    throw error
  }
  logger.info(`cluster ${role} ${id} joined ${options.servers.join(',')} (prefix ${options.prefix})`)
  if (role === 'worker') {
    const worker = new ClusterWorker(nc, options, codecs)
    return {
      role,
      id,
      adapters: [worker],
      worker,
      install: async (app) => {
        app.onShutdown(() => nc.drain())
      },
    }
  }
  let gateway: ClusterGateway | undefined
  return {
    role,
    id,
    adapters: join.adapters,
    get gateway() {
      return gateway
    },
    install: async (app) => {
      gateway = new ClusterGateway(app, nc, options, codecs, id)
      await gateway.start()
      const started = gateway
      app.onShutdown(async () => {
        await started.close()
        await nc.drain()
      })
    },
  }
}

function codecsOf(adapters: readonly Adapter[], logger: Logger): Map<string, ClusterCodec> {
  const codecs = new Map<string, ClusterCodec>()
  for (const adapter of adapters) {
    if (adapter.cluster) codecs.set(adapter.name, adapter.cluster)
    else logger.warn(`adapter ${adapter.name} cannot run in a cluster yet; its events stay unhandled`)
  }
  return codecs
}
