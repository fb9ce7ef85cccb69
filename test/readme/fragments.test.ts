// The shorter fragments of docs/testing.md, verbatim, each run inside a test.
import { expect, onTestFinished, test } from 'vitest'
import { v11 } from '../../src/index.js'
import { definePlugin } from '../../src/plugin/define-plugin.js'
import { echo } from '../../src/plugins/echo.js'
import { createTestApp, v11Events, v12Events } from '../../src/testing/index.js'
import { weather } from '../fixtures/plugins/weather.js'

/** Looks up the requester, then tries to approve: the calls of the "What API calls return" fragment. */
const approver = definePlugin({
  name: 'approver',
  setup(ctx) {
    ctx.request(async (c) => {
      await c.bot.callApi('get_stranger_info', { user_id: Number(c.userId) })
      await c.bot.callApi('set_friend_add_request', { flag: 'f1', approve: true }).catch(() => undefined)
    })
  },
})

test('creating the app: every option', async () => {
  const t = await createTestApp({
    plugins: [weather], // loaded at start
    config: { SUPERUSERS: ['20002'], NICKNAME: ['bot'] }, // as in .env
    adapter: 'onebot.v11', // or 'onebot.v12'
    transport: 'wire', // or 'memory', the default
    mode: 'http-post', // with wire: 'ws-reverse' (default), 'http-post', 'ws-forward'; V12 'webhook'
    botIds: [10001, 10002], // bots the simulated implementation plays; default [10001]
    profile: 'gocq', // the V11 implementation to imitate; default 'napcat'
    timeoutMs: 2000, // how long receive waits for the event to be dispatched
  })
  onTestFinished(() => t.stop())
  // The second bot, addressed by its nickname in a group.
  await t.say('bot /weather Rome', { groupId: 7, botId: 10002 })
  expect(t.shouldSend('Weather in Rome: sunny').record.botId).toBe('10002')
})

test('events', async () => {
  const t = await createTestApp({ plugins: [echo, approver] })
  onTestFinished(() => t.stop())
  await t.receive(v11Events.privateMessage({ text: '/echo hi', userId: 5 }))
  await t.receive(v11Events.groupMessage({ text: '/echo hi', groupId: 7, atBot: true, role: 'admin' }))
  await t.receive(v11Events.groupMessage({ message: '[CQ:image,file=a.png]look' })) // a CQ string or segments
  await t.receive(v11Events.notice.groupIncrease({ groupId: 7, userId: 5 }))
  await t.receive(v11Events.request.friend({ userId: 5, flag: 'f1' }))
  await t.say('/echo hi', { groupId: 7, atBot: true }) // a shortcut for message events
  expect(t.replies()).toEqual(['hi', 'hi', 'hi'])
  expect(t.pendingCalls.map((c) => c.action)).toEqual([
    'send_private_msg',
    'send_group_msg',
    'get_stranger_info',
    'set_friend_add_request',
    'send_group_msg',
  ])
})

test('what API calls return', async () => {
  const t = await createTestApp({ plugins: [approver] })
  onTestFinished(() => t.stop())
  t.answer('get_stranger_info', { user_id: 5, nickname: 'Zed' }) // the next call returns this
  t.answerError('set_friend_add_request', 100, 'no such request') // the next call fails (ActionFailed)
  await t.receive(v11Events.request.friend({ userId: 5, flag: 'f1' }))
  t.shouldCallApi('get_stranger_info', { user_id: 5 })
  const call = t.shouldCallApi('set_friend_add_request', { flag: 'f1' })
  expect(call.outcome).toMatchObject({ status: 'failed', retcode: 100 })
  t.shouldDoNothingElse()
})

test('V12', async () => {
  const t = await createTestApp({ plugins: [echo], adapter: 'onebot.v12' })
  onTestFinished(() => t.stop())
  await t.receive(v12Events.privateMessage({ text: '/echo hello' }))
  t.shouldSend('hello')
  t.shouldDoNothingElse()
})

test('the adapter namespace and the event factories, imported together', async () => {
  const t = await createTestApp({ plugins: [echo] })
  onTestFinished(() => t.stop())
  const seen: string[] = []
  t.app.use({
    handle: async (e) => void seen.push(String((e.event as { raw_message?: string }).raw_message)),
  })
  const look = [v11.MessageSegment.text('look '), v11.MessageSegment.image('https://example.com/a.png')]
  await t.receive(v11Events.privateMessage({ message: look }))
  expect(seen).toEqual(['look [CQ:image,file=https://example.com/a.png,cache=true,proxy=true]'])
})
