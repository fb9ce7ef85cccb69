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
  onError?: (error: unknown, where: string) => void
  onUnknownPath?: (message: string) => void
}

/** The built-in driver: `node:http` + `ws` server, keep-alive `node:http` client, `ws` client. */
export function nodeDriver(options: NodeDriverOptions): Driver {
  const parts = options.parts ?? new Set<DriverPart>(['server', 'httpClient', 'wsClient'])
  const server = parts.has('server')
    ? new NodeServer({
        host: options.host,
        port: options.port,
        onError: options.onError,
        onUnknownPath: options.onUnknownPath,
      })
    : undefined
  const ws = parts.has('wsClient') ? new NodeWsClient(options.onError) : undefined
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
