// The limits as a OneBot peer meets them, through the whole app with its .env keys.
import { createHmac } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { openPeer, type RawPeer, startTarget, type Target } from './target.js'

let target: Target | undefined
const peers: RawPeer[] = []
afterEach(async () => {
  for (const peer of peers.splice(0)) peer.ws.terminate()
  await target?.stop()
  target = undefined
})

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`http://127.0.0.1:${target!.port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  }).then((res) => res.status)

describe('HTTP bodies: credentials, then size, then signature', () => {
  it('V12 webhook: a missing token is 401 before the body is read; with the token, oversized is 413', async () => {
    target = await startTarget({ onebot_v12_access_token: 't', max_body_size: '1KiB' })
    const big = JSON.stringify({ type: 'meta', pad: 'x'.repeat(4096) })
    expect(await post('/onebot/v12/', big)).toBe(401)
    expect(await post('/onebot/v12/', big, { authorization: 'Bearer t' })).toBe(413)
    expect(await post('/onebot/v12/', big, { authorization: 'Bearer wrong' })).toBe(403)
  })

  it('V11 HTTP POST: a missing signature is 401 at once; a signed oversized body is 413 before its signature is checked', async () => {
    target = await startTarget({ onebot_secret: 's', max_body_size: 1024 })
    const big = JSON.stringify({ post_type: 'meta_event', pad: 'x'.repeat(4096) })
    expect(await post('/onebot/v11/', big, { 'x-self-id': '1' })).toBe(401)
    expect(await post('/onebot/v11/', big, { 'x-self-id': '1', 'x-signature': 'sha1=00' })).toBe(413)
    const small = '{"post_type":"meta_event","meta_event_type":"heartbeat","self_id":1,"time":1}'
    expect(await post('/onebot/v11/', small, { 'x-self-id': '1', 'x-signature': 'sha1=00' })).toBe(403)
    const signature = `sha1=${createHmac('sha1', 's').update(small).digest('hex')}`
    expect(await post('/onebot/v11/', small, { 'x-self-id': '1', 'x-signature': signature })).toBe(200)
  })
})

describe('WebSocket peers', () => {
  it('a reverse WebSocket that identifies and then says nothing is closed after WS_SILENT_TIMEOUT (1008)', async () => {
    target = await startTarget({ ws_silent_timeout: 0.2 })
    const peer = await openPeer(`ws://127.0.0.1:${target.port}/onebot/v11/ws`, { 'x-self-id': '7' })
    peers.push(peer)
    expect(await peer.closed).toBe(1008)
    expect(target.logs.some((l) => /sent no frame in 200 ms .*WS_SILENT_TIMEOUT/.test(l))).toBe(true)
  })

  it('a frame over MAX_FRAME_SIZE closes with 1009; a bot on another connection keeps working', async () => {
    target = await startTarget({ max_frame_size: '64KiB' })
    const peer = await openPeer(`ws://127.0.0.1:${target.port}/onebot/v12/ws`, {})
    peers.push(peer)
    peer.send('x'.repeat(65 * 1024))
    expect(await peer.closed).toBe(1009)
    expect(target.logs.some((l) => /closed \(1009\).*MAX_FRAME_SIZE/.test(l))).toBe(true)
  })

  it('repeated bad-token upgrades from one address cost one log line, counted', async () => {
    target = await startTarget({ onebot_access_token: 'sekrit' })
    const statuses = await Promise.all(
      Array.from(
        { length: 20 },
        () =>
          new Promise<number>((resolve) => {
            const ws = new WebSocket(`ws://127.0.0.1:${target!.port}/onebot/v11/ws`, {
              headers: { 'x-self-id': '1', authorization: 'Bearer wrong' },
            })
            ws.on('error', () => {})
            ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
          }),
      ),
    )
    expect(new Set(statuses)).toEqual(new Set([403]))
    expect(target.logs.filter((l) => /refused \(403\): access token does not match/.test(l))).toHaveLength(1)
  })
})
