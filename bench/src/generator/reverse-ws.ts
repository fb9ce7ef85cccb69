import WebSocket from 'ws'
import type { Wire } from '../wire/mode.js'
import type { BotLink } from './link.js'
import type { LoadEngine } from './load-engine.js'
import type { Responder } from './responder.js'

// Reverse WebSocket: the generator dials the target, one connection per bot. V11 identifies the bot
// with X-Self-ID / X-Client-Role: Universal; V12 offers the `12.bench` subprotocol.

const DIAL_BATCH = 50

export interface ReverseDial {
  url: string
  version: 11 | 12
  wire: Wire
  engine: LoadEngine
  responder: Responder
}

export async function dialReverse(dial: ReverseDial, selfIds: readonly string[]): Promise<BotLink[]> {
  const links: BotLink[] = []
  for (let i = 0; i < selfIds.length; i += DIAL_BATCH) {
    const batch = selfIds.slice(i, i + DIAL_BATCH).map((selfId) => dialOne(dial, selfId))
    links.push(...(await Promise.all(batch)))
  }
  return links
}

function dialOne(dial: ReverseDial, selfId: string): Promise<BotLink> {
  const socket =
    dial.version === 11
      ? new WebSocket(dial.url, {
          headers: { 'X-Self-ID': selfId, 'X-Client-Role': 'Universal', 'User-Agent': 'CQHttp/4.15.0' },
          perMessageDeflate: false,
        })
      : new WebSocket(dial.url, ['12.bench'], {
          headers: { 'User-Agent': 'OneBot/12 (qq) bench/1.0.0' },
          perMessageDeflate: false,
        })
  return new Promise((resolve, reject) => {
    socket.once('error', reject)
    socket.once('unexpected-response', (_req, res) =>
      reject(new Error(`${dial.url}: HTTP ${res.statusCode} instead of a WebSocket upgrade`)),
    )
    socket.once('open', () => {
      socket.off('error', reject)
      socket.on('error', () => {})
      for (const frame of dial.wire.connectFrames(selfId)) socket.send(frame)
      resolve(socketLink(socket, selfId, dial))
    })
  })
}

export function socketLink(
  socket: WebSocket,
  selfId: string,
  parts: { wire: Wire; engine: LoadEngine; responder: Responder },
): BotLink {
  const { engine, responder } = parts
  socket.on('message', (data) => {
    const raw = data.toString()
    const answer = responder.wsAnswer(raw, selfId)
    if (answer !== undefined) socket.send(answer)
    engine.noteAction(raw)
  })
  const link: BotLink = {
    selfId,
    writeEvent: parts.wire.eventWriter(selfId),
    send: (frame) => socket.send(frame),
    close: () => socket.terminate(),
  }
  engine.attach(link)
  return link
}
