/**
 * The least time a V12 connection may stay silent after a heartbeat before it counts as dead, as
 * V11's `ONEBOT_V11_HEARTBEAT_GRACE` default: a misread interval never closes a live connection
 * within one round trip.
 */
export const V12_HEARTBEAT_GRACE_MS = 10_000

/** A heartbeat `interval` in milliseconds, and why it was read that way when not as the spec says. */
export interface HeartbeatInterval {
  readonly ms: number
  /** Set when the value was read as seconds. */
  readonly inferred?: string
}

/**
 * Reads a V12 heartbeat's `interval`. The spec says milliseconds, but walle-core (Walle-Q) sends
 * seconds (`"interval": 4`, slept with `Duration::from_secs`), so an implementation named walle,
 * or a value below 1000 (no implementation beats more than once a second), is read as seconds.
 */
export function readHeartbeatInterval(
  value: unknown,
  impl: string | undefined,
): HeartbeatInterval | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) return undefined
  if (impl !== undefined && /walle/i.test(impl))
    return { ms: n * 1000, inferred: `${impl} sends the heartbeat interval in seconds` }
  if (n < 1000) return { ms: n * 1000, inferred: `${n} ms is implausibly short, so it is taken as seconds` }
  return { ms: n }
}
