/**
 * Runs one bot through any of the three connection modes with the same interface, so behaviour
 * tests can be written once and run in every mode. Test-only.
 */
import type { V11Options } from './config.js'
import { startTestApp, type TestApp, until } from './test-app.js'
import {
  ForwardServerPeer,
  HttpApiPeer,
  type ImplProfile,
  postEvent,
  type Responder,
  ReversePeer,
} from './test-peers.js'

export type Mode = 'reverse' | 'http' | 'forward'
export const modes: readonly Mode[] = ['reverse', 'http', 'forward']

export interface ModeBot {
  readonly t: TestApp
  readonly responder: Responder
  /** Delivers one event the way the mode does (WS frame or signed POST). */
  emit(event: unknown): Promise<void>
  close(): Promise<void>
}

export async function openMode(
  mode: Mode,
  selfId: number,
  impl: ImplProfile,
  config: Record<string, unknown> = {},
  options: Partial<V11Options> = {},
): Promise<ModeBot> {
  if (mode === 'reverse') {
    const t = await startTestApp(config, options)
    const peer = await ReversePeer.connect({ url: `${t.wsBase}/onebot/v11/`, selfId, impl })
    if (!(peer instanceof ReversePeer)) throw new Error(`refused: ${peer.status}`)
    await until(() => t.adapter.bots.has(String(selfId)))
    return {
      t,
      responder: peer.responder,
      emit: async (event) => peer.send(event),
      close: async () => {
        peer.ws.terminate()
        await t.stop()
      },
    }
  }
  if (mode === 'http') {
    const api = new HttpApiPeer(selfId)
    const root = await api.listen()
    const t = await startTestApp({ onebot_api_roots: { [String(selfId)]: root }, ...config }, options)
    return {
      t,
      responder: api.responder,
      emit: async (event) => {
        const res = await postEvent(`${t.base}/onebot/v11/`, event, { selfId })
        if (res.status !== 204 && res.status !== 200)
          throw new Error(`POST answered ${res.status}: ${res.body}`)
      },
      close: async () => {
        await t.stop()
        await api.close()
      },
    }
  }
  const server = new ForwardServerPeer(selfId, impl)
  const url = await server.listen()
  const t = await startTestApp({ onebot_ws_urls: [url], ...config }, options)
  await until(() => t.adapter.bots.has(String(selfId)))
  return {
    t,
    responder: server.responder,
    emit: async (event) => server.broadcast(event),
    close: async () => {
      await t.stop()
      await server.close()
    },
  }
}
