import { afterEach, describe, expect, it } from 'vitest'
import { answered, openPeer, type RawPeer, startTarget, type Target, v11Echo } from './target.js'

let target: Target | undefined
const peers: RawPeer[] = []
afterEach(async () => {
  for (const peer of peers.splice(0)) peer.ws.terminate()
  await target?.stop()
  target = undefined
})

/** Frames that once killed the process or could: each must be dropped, the connection kept. */
const hostile = [
  '{"echo":{"toString":1}}',
  '{"echo":{"valueOf":1,"toString":1},"status":"ok"}',
  '{"echo":[{"toString":1}],"retcode":0}',
  '{"status":{"toString":1},"retcode":{"toString":1},"echo":"1"}',
  '{"post_type":"message","self_id":{"toString":1},"user_id":{"toString":1},"message":{"toString":1}}',
  '{"post_type":"message","message_type":"private","self_id":1,"user_id":{"toString":1},"message":[{"type":{"toString":1},"data":{"text":{"toString":1}}}]}',
  '{"post_type":"meta_event","meta_event_type":"heartbeat","interval":{"toString":1},"self_id":1}',
  '{"post_type":"notice","notice_type":{"toString":1},"self_id":1}',
  '{"post_type":"message","message_type":"group","group_id":123456789012345678901234567890,"self_id":1,"user_id":1,"message":"x"}',
  '{"post_type":"__proto__","self_id":1}',
  '{"__proto__":{"post_type":"message"},"self_id":1}',
  '{"\\u0074oString":1,"echo":"1"}',
  '{"post_type":"message","message_type":"private","self_id":[1],"user_id":{},"message_id":{},"time":[],"message":{"a":[]}}',
  '{"post_type":"message","message_type":"group","self_id":1,"user_id":2,"group_id":{},"message":[null,1,"x",{"type":1},{"type":"text","data":null},{"type":"reply","data":{"id":{}}}]}',
  '{"post_type":"notice","notice_type":"notify","sub_type":"poke","self_id":{},"target_id":[],"user_id":{}}',
  '{"post_type":"request","request_type":"friend","flag":{},"self_id":1,"user_id":[]}',
  `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
  `{"post_type":"message","message":${'['.repeat(5000)}${']'.repeat(5000)}}`,
]

describe('hostile frames over reverse WebSocket, no token configured', () => {
  it('V11: each is dropped, the process lives and /echo still answers on the same connection', async () => {
    target = await startTarget()
    const peer = await openPeer(`ws://127.0.0.1:${target.port}/onebot/v11/ws`, { 'x-self-id': '1' })
    peers.push(peer)
    for (const frame of hostile) peer.send(frame)
    peer.send(v11Echo(1, 'still here'))
    await answered(peer, 'still here')
    expect(peer.ws.readyState).toBe(peer.ws.OPEN)
    expect(target.logs.some((l) => /dropped a frame/.test(l))).toBe(true)
  })

  it('V12: each is dropped, the process lives and the connection stays open', async () => {
    target = await startTarget()
    const peer = await openPeer(`ws://127.0.0.1:${target.port}/onebot/v12/ws`, {})
    peers.push(peer)
    for (const frame of hostile) peer.send(frame)
    for (const frame of hostile) peer.send(frame.replace('"post_type"', '"type"'))
    peer.send({
      id: 'e1',
      time: 1,
      type: 'meta',
      detail_type: 'connect',
      sub_type: '',
      version: { impl: 'x', version: '1', onebot_version: '12' },
    })
    await expect.poll(() => target!.logs.some((l) => /dropped a frame/.test(l))).toBe(true)
    expect(peer.ws.readyState).toBe(peer.ws.OPEN)
  })
})
