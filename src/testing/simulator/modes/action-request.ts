import { decode } from '@msgpack/msgpack'
import type { WireActionRequest } from '../events/wire.js'

/**
 * Reads one action request as a WebSocket frame or HTTP body: MessagePack when `msgpack`, JSON
 * otherwise. Undefined when it does not decode or names no action.
 */
export function parseActionRequest(data: Buffer, msgpack: boolean): WireActionRequest | undefined {
  try {
    const value: unknown = msgpack ? decode(data) : JSON.parse(data.toString('utf8'))
    if (
      typeof value !== 'object' ||
      value === null ||
      typeof (value as { action?: unknown }).action !== 'string'
    ) {
      return undefined
    }
    return value as WireActionRequest
  } catch {
    return undefined
  }
}
