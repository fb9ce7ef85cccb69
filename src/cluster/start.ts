import type { Adapter } from '../adapter/adapter.js'
import type { ConfigStore } from '../config/store.js'
import type { Logger } from '../log.js'
import { type ClusterMember, joinCluster } from './join.js'
import { readClusterOptions } from './options.js'

/** `nbts run --role gateway|worker`: the cluster settings from the configuration, then join. */
export async function joinFromConfig(
  role: 'gateway' | 'worker',
  config: ConfigStore,
  adapters: readonly Adapter[],
  logger: Logger,
): Promise<ClusterMember> {
  const options = readClusterOptions(config, role)
  // readClusterOptions throws for a cluster role without NATS_URL.
  if (!options) throw new Error('unreachable: cluster options for a cluster role')
  return joinCluster({ role, options, adapters, logger })
}
