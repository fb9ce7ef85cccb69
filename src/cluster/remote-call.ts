import { type NatsConnection, RequestError, TimeoutError } from '@nats-io/transport-node'
import type { RemoteCall } from '../adapter/cluster-codec.js'
import { NetworkError } from '../errors.js'
import { BotOffline, UnknownOutcome } from './errors.js'
import { apiSubject, type ClusterNames } from './subjects.js'
import { type ApiRequest, decodeJson, encodeJson, resultOf } from './wire.js'

/** The worker waits this much longer than the gateway, so the gateway's own timeout is what it sees. */
const MARGIN_MS = 2000
/** NATS needs a finite timeout; "no timeout" (API_TIMEOUT=0) waits this long. */
const NO_TIMEOUT_MS = 10 * 60_000

/**
 * The bot's actions as requests to the gateway that holds its connection. Nothing is retried:
 * "no responders" means it was not delivered (BotOffline, at once); a timeout means it may have
 * been done (UnknownOutcome), and a repeated `send_*` would be a duplicate message.
 */
export function remoteCall(
  nc: NatsConnection,
  names: ClusterNames,
  adapter: string,
  selfId: string,
  defaultTimeoutMs: number,
): RemoteCall {
  const subject = apiSubject(names, adapter, selfId)
  return async (action, params, options) => {
    const timeoutMs = options?.timeoutMs ?? defaultTimeoutMs
    const finite = Number.isFinite(timeoutMs) && timeoutMs > 0
    const request: ApiRequest = { action, params, timeoutMs: finite ? timeoutMs : null }
    const waitMs = (finite ? timeoutMs : NO_TIMEOUT_MS) + MARGIN_MS
    let reply: Awaited<ReturnType<NatsConnection['request']>>
    try {
      reply = await nc.request(subject, encodeJson(request), { timeout: waitMs })
    } catch (error) {
      if (error instanceof RequestError && error.isNoResponders())
        throw new BotOffline(adapter, selfId, 'no gateway holds its connection')
      if (
        error instanceof TimeoutError ||
        (error instanceof RequestError && error.cause instanceof TimeoutError)
      )
        throw new UnknownOutcome(action, selfId, waitMs)
      // Closed or draining connection: nothing was sent.
      throw new NetworkError(
        `action ${action} of bot ${selfId}: the broker is unreachable (${String(error)})`,
        {
          cause: error,
        },
      )
    }
    return resultOf(decodeJson(reply.data))
  }
}
