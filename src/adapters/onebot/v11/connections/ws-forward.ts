import type { DialLoop } from '../../../../driver/reconnect.js'
import type { WsClient } from '../../../../driver/types.js'
import { dialForward } from '../../shared/forward-ws.js'
import { isAuthFailureFrame } from '../../shared/ws-auth-failure.js'
import { resultOf } from '../errors.js'
import type { V11Core } from './core.js'
import { WsLink } from './ws-link.js'

/**
 * Forward WebSocket: we dial the implementation's WS server and keep the connection up with capped
 * exponential backoff and jitter. The bot is known from the first event's `self_id` (normally the
 * lifecycle `connect`); when no event arrives in time (an `/api` URL, onebot-mirai) we ask
 * `get_login_info`. Auth failures (HTTP 401/403, a `retcode: 1403` frame then close, or close
 * 1008) are logged as errors on every attempt and keep backing off instead of hammering the server.
 */
export function startForwardWs(core: V11Core, client: WsClient, url: string): DialLoop {
  let identifyTimer: NodeJS.Timeout | undefined
  let markHealthy = () => {}
  let markAuthRefused = () => {}

  const handlers = {
    ...core.linkHandlers,
    onStrayResponse(_link: WsLink, payload: Record<string, unknown>) {
      if (isAuthFailureFrame(payload)) markAuthRefused()
    },
    onEvent(link: WsLink, payload: Record<string, unknown>) {
      if (link.selfId === undefined) identify(link, String(payload.self_id ?? ''), markHealthy)
      core.linkHandlers.onEvent(link, payload)
    },
  }

  const identify = (link: WsLink, selfId: string, healthy: () => void) => {
    if (link.selfId !== undefined || selfId === '' || !link.isOpen) return
    if (identifyTimer) clearTimeout(identifyTimer)
    identifyTimer = undefined
    healthy()
    core.attachLink(link, selfId, { replace: false })
  }

  const askLoginInfo = async (link: WsLink, healthy: () => void) => {
    try {
      const response = await link.request('get_login_info', {}, core.host.apiTimeoutMs)
      const info = resultOf('get_login_info', {}, response) as { user_id?: unknown } | null
      if (info?.user_id === undefined || info.user_id === null)
        throw new Error('get_login_info returned no user_id')
      identify(link, String(info.user_id), healthy)
    } catch (error) {
      if (link.selfId === undefined && link.isOpen) {
        core.logger.warn(
          `OneBot V11 forward WebSocket ${url}: cannot learn the bot account (${describe(error)}); waiting for an event`,
        )
      }
    }
  }

  return dialForward({
    client,
    url,
    token: core.options.accessToken,
    backoff: core.options.reconnect,
    open(socket, healthy, authRefused) {
      markHealthy = healthy
      markAuthRefused = authRefused
      core.reach.reached(url)
      // Silence is normal here: the implementation may send nothing until something happens.
      const options = { ...core.options, silentTimeoutMs: 0 }
      const link = new WsLink(socket, 'universal', url, handlers, core.logger, options)
      core.logger.info(`OneBot V11 forward WebSocket connected to ${url}`)
      identifyTimer = setTimeout(() => {
        identifyTimer = undefined
        void askLoginInfo(link, healthy)
      }, core.options.identifyTimeoutMs)
      socket.onClose(() => {
        if (identifyTimer) clearTimeout(identifyTimer)
        identifyTimer = undefined
      })
    },
    retry({ auth, message }, attempt, delayMs) {
      if (auth) {
        core.logger.error(
          `OneBot V11 forward WebSocket ${url} refused our access token (${auth}): check ONEBOT_ACCESS_TOKEN; retrying in ${delayMs} ms (attempt ${attempt})`,
        )
        return
      }
      core.logger.warn(
        `OneBot V11 forward WebSocket ${url}: ${message}; retrying in ${delayMs} ms (attempt ${attempt})`,
      )
    },
  })
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
