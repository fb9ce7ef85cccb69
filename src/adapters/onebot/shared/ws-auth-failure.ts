import { ConnectionClosed } from '../../../driver/reconnect.js'
import { WsHandshakeError } from '../../../errors.js'

/**
 * Forward WebSocket auth failures come in four shapes: the upgrade refused with HTTP 401 or 403
 * (go-cqhttp, Lagrange), the upgrade accepted, one `retcode: 1403` frame, then a close (NapCat,
 * LLOneBot), or a close with 1008 (policy violation) right away. These helpers recognise them.
 */

/** How the token was refused, for the log line; undefined when `error` is no auth failure. */
export function authRefusal(error: unknown, sawAuthFrame: boolean): string | undefined {
  if (error instanceof WsHandshakeError && (error.status === 401 || error.status === 403)) {
    return `HTTP ${error.status}`
  }
  if (sawAuthFrame) return 'a retcode 1403 frame, then closed'
  if (error instanceof ConnectionClosed && error.code === 1008) {
    return `closed with 1008${error.reason ? ` ${error.reason}` : ''}`
  }
  return undefined
}

/** A response frame that says the token was refused (sent just before the server closes). */
export function isAuthFailureFrame(payload: Record<string, unknown>): boolean {
  return payload.retcode === 1403 || payload.retcode === '1403'
}
