import { z } from 'zod'
import type { ConfigStore } from './store.js'

const KIB = 1024
const MIB = 1024 * KIB

/** A size in bytes: a number, or a string such as `4MiB`, `512KiB`, `4MB` (binary units either way). */
const bytes = (what: string) =>
  z
    .union([z.number().int().positive(), z.string().transform(parseSize)])
    .describe(`${what}: a number of bytes or a size such as 4MiB or 512KiB`)

const seconds = (what: string, min: 'positive' | 'nonnegative' = 'positive') =>
  (min === 'positive' ? z.number().positive() : z.number().nonnegative()).describe(
    `${what}: a number of seconds${min === 'nonnegative' ? ' (0 turns it off)' : ''}`,
  )

/**
 * How much a peer may make the bot hold, and for how long. Every default is generous for a real
 * OneBot implementation and small for an attacker; docs/configuration.md says why each is what it is.
 */
export const limitsConfigShape = {
  max_body_size: bytes('MAX_BODY_SIZE').default(4 * MIB),
  max_frame_size: bytes('MAX_FRAME_SIZE').default(32 * MIB),
  max_json_depth: z.number().int().min(8).max(10_000).default(128).describe('MAX_JSON_DEPTH: 8 to 10000'),
  send_buffer_limit: bytes('SEND_BUFFER_LIMIT').default(8 * MIB),
  send_drain_timeout: seconds('SEND_DRAIN_TIMEOUT').default(10),
  ws_ping_interval: seconds('WS_PING_INTERVAL', 'nonnegative').default(30),
  ws_silent_timeout: seconds('WS_SILENT_TIMEOUT', 'nonnegative').default(60),
  headers_timeout: seconds('HEADERS_TIMEOUT').default(10),
  request_timeout: seconds('REQUEST_TIMEOUT').default(30),
  max_unauthenticated_per_address: z
    .number()
    .int()
    .nonnegative()
    .default(64)
    .describe('MAX_UNAUTHENTICATED_PER_ADDRESS: a whole number of connections (0 turns the cap off)'),
}

/** The limits in the units the code uses (bytes, milliseconds). */
export interface Limits {
  /** Largest HTTP request body; larger is answered 413 before it is buffered. */
  readonly maxBodySize: number
  /** Largest WebSocket message; larger closes the connection with 1009. */
  readonly maxFrameSize: number
  /** Deepest JSON/MessagePack nesting accepted in a frame or body. */
  readonly maxJsonDepth: number
  /** Bytes queued for sending on one connection before new frames wait for the peer to read. */
  readonly sendBufferLimit: number
  /** How long frames wait for the peer to read before the connection is closed. */
  readonly sendDrainTimeoutMs: number
  /** WebSocket ping period of the server; a peer that misses a whole period is cut. 0 = off. */
  readonly wsPingIntervalMs: number
  /** A reverse WebSocket that sends no frame at all for this long after opening is closed. 0 = off. */
  readonly wsSilentTimeoutMs: number
  /** Time allowed for a request's headers (and a WebSocket upgrade request). */
  readonly headersTimeoutMs: number
  /** Time allowed for a whole request, body included. */
  readonly requestTimeoutMs: number
  /** Concurrent connections one address may hold before any of them is accepted. 0 = no cap. */
  readonly maxUnauthenticatedPerAddress: number
}

export const defaultLimits: Limits = readLimitsFrom(z.object(limitsConfigShape).parse({}))

/** Reads the limit keys (`MAX_BODY_SIZE`, ...); a wrong value throws `ConfigError` naming the key. */
export function readLimits(store: ConfigStore): Limits {
  return readLimitsFrom(store.section(limitsConfigShape))
}

function readLimitsFrom(raw: z.infer<z.ZodObject<typeof limitsConfigShape>>): Limits {
  return {
    maxBodySize: raw.max_body_size,
    maxFrameSize: raw.max_frame_size,
    maxJsonDepth: raw.max_json_depth,
    sendBufferLimit: raw.send_buffer_limit,
    sendDrainTimeoutMs: raw.send_drain_timeout * 1000,
    wsPingIntervalMs: raw.ws_ping_interval * 1000,
    wsSilentTimeoutMs: raw.ws_silent_timeout * 1000,
    headersTimeoutMs: raw.headers_timeout * 1000,
    requestTimeoutMs: raw.request_timeout * 1000,
    maxUnauthenticatedPerAddress: raw.max_unauthenticated_per_address,
  }
}

const SIZE = /^\s*(\d+(?:\.\d+)?)\s*(b|kib|kb|k|mib|mb|m|gib|gb|g)?\s*$/i

function parseSize(text: string, ctx: z.RefinementCtx): number {
  const match = SIZE.exec(text)
  const unit = (match?.[2] ?? 'b').toLowerCase()[0]
  const factor = unit === 'k' ? KIB : unit === 'm' ? MIB : unit === 'g' ? 1024 * MIB : 1
  const size = match ? Math.floor(Number(match[1]) * factor) : Number.NaN
  if (size > 0) return size
  ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'not a size' })
  return z.NEVER
}
