import { defaultLimits, type Limits } from '../config/limits.js'
import { NodeHttpClient } from './http-client.js'
import { NodeServer } from './node-server.js'
import type { Driver, DriverPart } from './types.js'
import { NodeWsClient } from './ws-client.js'

export interface NodeDriverOptions {
  host: string
  port: number
  /** Which parts are on. @default all three */
  parts?: ReadonlySet<DriverPart>
  /** Default HTTP client timeout in ms. */
  timeoutMs?: number
  /** Sizes, timeouts and caps for both the server and the clients. @default defaultLimits */
  limits?: Partial<Limits>
  onError?: (error: unknown, where: string) => void
  onUnknownPath?: (message: string) => void
  /** Refusals the server makes on its own; `key` is the peer and the kind (for a rate-limited log). */
  onRefusal?: (key: string, message: string) => void
}

/** The built-in driver: `node:http` + `ws` server, keep-alive `node:http` client, `ws` client. */
export function nodeDriver(options: NodeDriverOptions): Driver {
  const parts = options.parts ?? new Set<DriverPart>(['server', 'httpClient', 'wsClient'])
  const server = parts.has('server')
    ? new NodeServer({
        host: options.host,
        port: options.port,
        limits: options.limits,
        onError: options.onError,
        onUnknownPath: options.onUnknownPath,
        onRefusal: options.onRefusal,
      })
    : undefined
  const limits = { ...defaultLimits, ...options.limits }
  const ws = parts.has('wsClient')
    ? new NodeWsClient({
        onError: options.onError,
        maxPayload: limits.maxFrameSize,
        send: { maxBuffered: limits.sendBufferLimit, drainTimeoutMs: limits.sendDrainTimeoutMs },
      })
    : undefined
  const http = parts.has('httpClient') ? new NodeHttpClient(options.timeoutMs) : undefined
  return {
    server,
    http,
    ws,
    async start() {
      await server?.listen()
    },
    async stop() {
      await Promise.all([ws?.closeAll(), server?.close()])
      http?.close()
    },
  }
}
