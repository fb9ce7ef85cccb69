import { afterEach, describe, expect, it } from 'vitest'
import type { V11Bot } from './bot.js'
import { startTestApp, type TestApp, until } from './test-app.js'
import { ForwardServerPeer, type ImplName, impls, privateMessage } from './test-peers.js'

let t: TestApp | undefined
const servers: ForwardServerPeer[] = []
afterEach(async () => {
  await t?.stop()
  t = undefined
  for (const server of servers.splice(0)) await server.close()
})

async function server(selfId: number, impl: ImplName, token?: string): Promise<[ForwardServerPeer, string]> {
  const peer = new ForwardServerPeer(selfId, impls[impl], token)
  servers.push(peer)
  return [peer, await peer.listen()]
}

describe('forward WebSocket', () => {
  it('dials every URL with the token, learns each bot from lifecycle connect and echoes', async () => {
    const [a, urlA] = await server(1, 'gocq', 'tok')
    const [b, urlB] = await server(2, 'napcat', 'tok')
    t = await startTestApp({ onebot_access_token: 'tok', onebot_ws_urls: [urlA, urlB] })
    await until(() => t!.connected.length === 2)
    a.broadcast(privateMessage(1, 42, '/echo from a'))
    b.broadcast(privateMessage(2, 42, '/echo from b'))
    expect((await a.responder.next('send_private_msg')).params.message).toEqual([
      { type: 'text', data: { text: 'from a' } },
    ])
    expect((await b.responder.next('send_private_msg')).params.message).toEqual([
      { type: 'text', data: { text: 'from b' } },
    ])
  })

  it('asks get_login_info when no event arrives in time (an /api socket)', async () => {
    const [peer, url] = await server(77, 'lagrange')
    peer.sendLifecycle = false
    t = await startTestApp({ onebot_ws_urls: [url] })
    await peer.responder.next('get_login_info')
    await until(() => t!.adapter.bots.has('77'))
    expect(await (t.connected[0] as V11Bot).call('get_status')).toBeNull()
  })

  it('reconnects after the connection drops, with a new bot session', async () => {
    const [peer, url] = await server(5, 'napcat')
    t = await startTestApp({ onebot_ws_urls: [url] })
    await until(() => t!.connected.length === 1)
    const again = peer.nextConnection()
    peer.sockets[0]!.terminate()
    await again
    await until(() => t!.connected.length === 2)
    expect(t.disconnected).toEqual([t.connected[0]])
    expect(t.hasLog(/retrying in \d+ ms \(attempt 1\)/)).toBe(true)
  })

  it.each<[ImplName, RegExp]>([
    ['gocq', /HTTP 403/],
    ['lagrange', /HTTP 403/],
    ['napcat', /retcode 1403/],
    ['llonebot', /retcode 1403/],
  ])('detects %s refusing the token and keeps backing off', async (impl, how) => {
    const [peer, url] = await server(5, impl, 'right')
    t = await startTestApp({ onebot_access_token: 'wrong', onebot_ws_urls: [url] })
    await until(() => peer.attempts >= 3)
    expect(t.connected).toHaveLength(0)
    const lines = t.logs.filter((l) => /refused our access token/.test(l.msg))
    expect(lines.length).toBeGreaterThanOrEqual(2)
    expect(lines[0]!.msg).toMatch(how)
    expect(lines[0]!.level).toBe(50)
    // Capped exponential backoff: the announced delays grow (jitter is 0 in the test app).
    const delays = lines.map((l) => Number(/retrying in (\d+) ms/.exec(l.msg)![1]))
    expect(delays[1]!).toBeGreaterThan(delays[0]!)
  })

  it('reports a missing token as HTTP 401 (go-cqhttp)', async () => {
    const [peer, url] = await server(5, 'gocq', 'right')
    t = await startTestApp({ onebot_ws_urls: [url] })
    await until(() => peer.attempts >= 1 && t!.hasLog(/refused our access token \(HTTP 401\)/))
  })

  it('takes a close with 1008 as a token refusal too', async () => {
    const [peer, url] = await server(5, 'napcat')
    t = await startTestApp({ onebot_ws_urls: [url] })
    await until(() => t!.connected.length === 1)
    const again = peer.nextConnection()
    peer.sockets[0]!.close(1008, 'bad token')
    await again
    expect(t.hasLog(/refused our access token \(closed with 1008 bad token\)/)).toBe(true)
  })

  it('keeps a working bot while another URL is unreachable', async () => {
    const [good, url] = await server(9, 'napcat')
    t = await startTestApp({ onebot_ws_urls: ['ws://127.0.0.1:1/', url] })
    await until(() => t!.connected.length === 1)
    good.broadcast(privateMessage(9, 42, '/echo ok'))
    expect((await good.responder.next('send_private_msg')).params.message).toEqual([
      { type: 'text', data: { text: 'ok' } },
    ])
    expect(t.hasLog(/ws:\/\/127\.0\.0\.1:1\/: .*retrying/)).toBe(true)
  })
})
