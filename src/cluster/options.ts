import { z } from 'zod'
import type { ConfigStore } from '../config/store.js'
import { ConfigError } from '../errors.js'
import type { ClusterNames } from './subjects.js'

export type ClusterRole = 'all' | 'gateway' | 'worker'
export const CLUSTER_ROLES: readonly ClusterRole[] = ['all', 'gateway', 'worker']

const clusterShape = {
  nats_url: z.union([z.string(), z.number().transform(String)]).optional(),
  nats_creds: z.string().optional(),
  nats_prefix: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('nbts')
    .describe('letters, digits, _ and - (it starts every subject, stream and bucket name)'),
  nats_partitions: z.number().int().min(1).max(4096).default(16).describe('a whole number from 1 to 4096'),
  cluster_bot_ttl: z.number().int().min(3).default(30).describe('seconds (at least 3)'),
  cluster_ack_wait: z.number().min(1).default(10).describe('seconds (at least 1)'),
}

export interface ClusterOptions extends ClusterNames {
  /** The servers of NATS_URL. */
  readonly servers: readonly string[]
  /** A NATS credentials file (NATS_CREDS), read at connect. */
  readonly credsFile: string | undefined
  /** How long a bot's ownership lives without a refresh, in ms; the gateway refreshes at a third of it. */
  readonly botTtlMs: number
  /** An event delivered to a worker that died before acknowledging it goes to another after this long (ms). */
  readonly ackWaitMs: number
}

/**
 * The cluster settings, or undefined when NATS_URL is unset (single-process mode). A gateway or
 * worker role without NATS_URL is a configuration error: there is nothing to connect them.
 */
export function readClusterOptions(config: ConfigStore, role: ClusterRole): ClusterOptions | undefined {
  const raw = config.section(clusterShape)
  const servers = (raw.nats_url ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
  if (servers.length === 0) {
    if (role === 'all') return undefined
    throw new ConfigError(
      'NATS_URL',
      raw.nats_url,
      `NATS servers (e.g. nats://127.0.0.1:4222) for --role ${role}`,
    )
  }
  return {
    servers,
    credsFile: raw.nats_creds || undefined,
    prefix: raw.nats_prefix,
    partitions: raw.nats_partitions,
    botTtlMs: raw.cluster_bot_ttl * 1000,
    ackWaitMs: raw.cluster_ack_wait * 1000,
  }
}
