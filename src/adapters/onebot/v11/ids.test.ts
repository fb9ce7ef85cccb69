import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { App, definePlugin, nodeDriver, onebotV11 } from '../../../index.js'
import { createTestApp, type TestApp, v11Events as v11 } from '../../../testing/index.js'

interface Seen {
  userId: string | undefined
  groupId: string | undefined
  user_id: string
  group_id: string | undefined
  self_id: string
  sender: string | undefined
}

const seen: Seen[] = []
const ids = definePlugin({
  name: 'ids',
  setup(ctx) {
    ctx.on('message.group', async (c) => {
      if (c.adapter !== 'onebot.v11') return
      const e = c.event
      seen.push({
        userId: c.userId,
        groupId: c.groupId,
        user_id: e.user_id,
        group_id: e.group_id,
        self_id: e.self_id,
        sender: e.sender.user_id,
      })
      const member = await c.bot.call('get_group_member_info', { group_id: e.group_id, user_id: e.user_id })
      await c.send(`member ${typeof member.user_id} ${member.user_id === c.userId}`)
    })
    ctx.on('message.private', (c) => {
      if (c.adapter !== 'onebot.v11') return
      seen.push({
        userId: c.userId,
        groupId: c.groupId,
        user_id: c.event.user_id,
        group_id: undefined,
        self_id: c.event.self_id,
        sender: c.event.sender.user_id,
      })
    })
  },
})

let t: TestApp | undefined
afterEach(async () => {
  await t?.stop()
  t = undefined
  seen.length = 0
})

describe('V11 ids are strings', () => {
  it('c.userId, c.groupId and the payload ids agree; API results too; numbers go back on the wire', async () => {
    t = await createTestApp({ plugins: [ids] })
    await t.receive(v11.groupMessage({ text: 'hi', userId: 42, groupId: 777 }))
    expect(seen).toEqual([
      { userId: '42', groupId: '777', user_id: '42', group_id: '777', self_id: '10001', sender: '42' },
    ])
    // The implementation got numbers, as V11 expects, though the plugin passed strings.
    t.shouldCallApi('get_group_member_info', { group_id: 777, user_id: 42 })
    t.shouldSend('member string true')
    await t.receive(v11.privateMessage({ text: 'hi', userId: 43 }))
    expect(seen[1]).toMatchObject({ userId: '43', groupId: undefined, user_id: '43', sender: '43' })
  })
})

describe('V11 ids beyond 2^53', () => {
  let app: App | undefined
  let ws: WebSocket | undefined
  afterEach(async () => {
    ws?.close()
    await app?.stop()
  })

  it('arrive as exact strings and go back as bare integers', async () => {
    const big = '144115218678093982'
    const bigGroup = '9007199254740993'
    app = new App({
      plugins: [ids],
      adapters: [onebotV11()],
      driver: nodeDriver({ host: '127.0.0.1', port: 0 }),
    })
    await app.start()
    const port = app.driver.server?.address()?.port
    const frames: string[] = []
    const client = new WebSocket(`ws://127.0.0.1:${port}/onebot/v11/ws`, {
      headers: { 'x-self-id': '10001' },
    })
    ws = client
    client.on('message', (data) => {
      const text = String(data)
      frames.push(text)
      const { echo, action } = JSON.parse(text) as { echo: string; action: string }
      const data_ =
        action === 'get_group_member_info' ? `{"user_id":${big},"group_id":${bigGroup}}` : '{"message_id":1}'
      client.send(`{"status":"ok","retcode":0,"data":${data_},"echo":"${echo}"}`)
    })
    await new Promise((resolve) => client.once('open', resolve))
    client.send(
      `{"time":1,"self_id":10001,"post_type":"message","message_type":"group","sub_type":"normal","message_id":1,` +
        `"group_id":${bigGroup},"user_id":${big},"message":"hi","raw_message":"hi","font":0,"sender":{"user_id":${big}}}`,
    )
    await expect.poll(() => frames.length).toBe(2)
    expect(seen[0]).toMatchObject({
      userId: big,
      groupId: bigGroup,
      user_id: big,
      group_id: bigGroup,
      sender: big,
    })
    expect(frames[0]).toContain(`"group_id":${bigGroup}`)
    expect(frames[0]).toContain(`"user_id":${big}`)
    expect(JSON.parse(frames[1]!)).toMatchObject({ action: 'send_group_msg' })
    expect(frames[1]).toContain(`"group_id":${bigGroup}`)
    expect(frames[1]).toContain('member string true')
  })
})
