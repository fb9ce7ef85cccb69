/**
 * Names on the broker. Every stream, bucket and subject starts with the cluster prefix
 * (`NATS_PREFIX`), so several clusters (or test runs) share one NATS server without colliding.
 */
export interface ClusterNames {
  /** Subject prefix and the stem of stream and bucket names, e.g. `nbts`. */
  readonly prefix: string
  /** How many partitions the events of all sessions are spread over (a subject token). */
  readonly partitions: number
}

/** Subject tokens allow no `.`, `*`, `>` or spaces; KV keys allow `[-/_=.A-Za-z0-9]`. `=XX` escapes the rest. */
export function token(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, (c) => `=${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
}

/** Adapter names are ours (`onebot.v11`): dots become `_`, the rest as `token`. */
export function adapterToken(adapter: string): string {
  return token(adapter.replaceAll('.', '_'))
}

/** The JetStream stream holding every event of the cluster. */
export function eventStream(names: ClusterNames): string {
  return `${names.prefix}_events`
}

/** The durable consumer all workers pull from. */
export function workerConsumer(names: ClusterNames): string {
  return `${names.prefix}_workers`
}

/** The KV bucket of bot ownership (`<adapter>.<selfId>` -> gateway id). */
export function botsBucket(names: ClusterNames): string {
  return `${names.prefix}_bots`
}

export function eventSubjects(names: ClusterNames): string {
  return `${names.prefix}.evt.>`
}

/** `<prefix>.evt.<adapter>.<selfId>.<partition>`: the partition token keeps one session's events together. */
export function eventSubject(
  names: ClusterNames,
  adapter: string,
  selfId: string,
  partition: number,
): string {
  return `${names.prefix}.evt.${adapterToken(adapter)}.${token(selfId)}.${partition}`
}

/** Request-reply subject of one bot; only the gateway holding its socket answers. */
export function apiSubject(names: ClusterNames, adapter: string, selfId: string): string {
  return `${names.prefix}.api.${adapterToken(adapter)}.${token(selfId)}`
}

export function botKey(adapter: string, selfId: string): string {
  return `${adapterToken(adapter)}.${token(selfId)}`
}

/** FNV-1a of `adapter:selfId:session`, modulo the partition count: stable across processes. */
export function partitionOf(names: ClusterNames, adapter: string, selfId: string, session: string): number {
  const key = `${adapter}:${selfId}:${session}`
  let hash = 0x811c9dc5
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0) % names.partitions
}
