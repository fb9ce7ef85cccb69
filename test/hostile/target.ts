/**
 * A bot under attack: one app with both OneBot adapters and the echo plugin on 127.0.0.1 port 0,
 * its log lines captured, plus raw peers that send whatever a test wants (no simulator manners).
 */
import { Writable } from 'node:stream'
import pino from 'pino'
import { vi } from 'vitest'
import WebSocket from 'ws'
import { onebotV11 } from '../../src/adapters/onebot/v11/index.js'
import { onebotV12 } from '../../src/adapters/onebot/v12/index.js'
import { type App, createApp } from '../../src/app.js'
import { echo } from '../../src/plugins/echo.js'

export interface Target {
  readonly app: App
  readonly port: number
  readonly logs: string[]
  stop(): Promise<void>
}

export async function startTarget(config: Record<string, unknown> = {}): Promise<Target> {
  const logs: string[] = []
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line) logs.push(JSON.parse(line).msg as string)
      done()
    },
  })
  // The app builds its own driver from the config, limits included, as in production.
  const app = createApp({
    config: { host: '127.0.0.1', port: 0, ...config },
    adapters: [onebotV11(), onebotV12()],
    logger: pino({ level: 'debug' }, sink),
    plugins: [echo],
  })
  await app.start()
  const port = app.driver.server!.address()!.port
  return { app, port, logs, stop: () => app.stop() }
}

/** A raw reverse-WS peer: frames it received are kept; nothing is answered unless a test does. */
export interface RawPeer {
  readonly ws: WebSocket
  readonly received: string[]
  /** Resolves with the close code once the socket closed. */
  readonly closed: Promise<number>
  send(frame: string | object): void
}

export function openPeer(url: string, headers: Record<string, string>): Promise<RawPeer> {
  const ws = new WebSocket(url, { headers, perMessageDeflate: false })
  const received: string[] = []
  ws.on('message', (data) => received.push(data.toString()))
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
  ws.on('error', () => {})
  return new Promise((resolve, reject) => {
    ws.once('open', () =>
      resolve({
        ws,
        received,
        closed,
        send: (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
      }),
    )
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)))
  })
}

/** A V11 private message `/echo <text>` from user 42 to `selfId`. */
export function v11Echo(selfId: number, text: string): object {
  return {
    time: 1,
    self_id: selfId,
    post_type: 'message',
    message_type: 'private',
    sub_type: 'friend',
    message_id: 1,
    user_id: 42,
    message: [{ type: 'text', data: { text: `/echo ${text}` } }],
    raw_message: `/echo ${text}`,
    font: 0,
    sender: { user_id: 42 },
  }
}

/** Waits until `peer` received a `send_private_msg` action whose text is `text`; answers it ok. */
export async function answered(peer: RawPeer, text: string): Promise<void> {
  const frame = await vi.waitFor(
    () => {
      for (const raw of peer.received) {
        const frame = JSON.parse(raw) as { action?: string; echo?: string; params?: { message?: unknown } }
        if (frame.action === 'send_private_msg' && JSON.stringify(frame.params?.message).includes(text))
          return frame
      }
      throw new Error(`no answer carrying ${JSON.stringify(text)}; got ${peer.received.length} frames`)
    },
    { timeout: 5000, interval: 5 },
  )
  peer.send({ status: 'ok', retcode: 0, data: { message_id: 1 }, echo: frame.echo })
}
