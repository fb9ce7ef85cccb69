import { WsHandshakeError } from '../../../errors.js'

/**
 * Forward WebSocket auth failures come in three shapes: the upgrade refused with HTTP 401 or 403
 * (go-cqhttp, Lagrange), or the upgrade accepted, one `retcode: 1403` frame, then a close
 * (NapCat, LLOneBot). These helpers recognise all three.
 */
export function isAuthRefusal(error: unknown): error is WsHandshakeError {
  return error instanceof WsHandshakeError && (error.status === 401 || error.status === 403)
}

/** A response frame that says the token was refused (sent just before the server closes). */
export function isAuthFailureFrame(payload: Record<string, unknown>): boolean {
  return payload.retcode === 1403 || payload.retcode === '1403'
}
