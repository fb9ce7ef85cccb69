import { afterEach, describe, expect, it } from 'vitest'
import { ConfigError } from '../errors.js'
import { definePlugin } from '../plugin/define-plugin.js'
import { createTestApp, type TestApp } from '../testing/kit/index.js'
import { v11Events, v12Events } from '../testing/simulator/index.js'

/** Answers every group message with the id of the bot that handled it. */
const answer = definePlugin({
  name: 'answer',
  setup(ctx) {
    ctx.message((c) => c.send(`bot ${c.bot.selfId}`))
    ctx.on('notice.group_increase', (c) => c.send(`welcome from ${c.bot.selfId}`))
  },
})

let t: TestApp | undefined
afterEach(async () => {
  await t?.stop()
  t = undefined
})

const BOTS = [10001, 10002]

/** Both simulated bots are in every group of `groups`. */
async function twoBotsIn(groups: number[], config: Record<string, unknown> = {}): Promise<TestApp> {
  return createTestApp({
    plugins: [answer],
    botIds: BOTS,
    config,
    actions: { get_group_list: () => groups.map((id) => ({ group_id: id })) },
  })
}

/** The same group message, as each of our bots receives it. */
async function everyBotReceives(t: TestApp, groupId: number, extra: { atBot?: number } = {}): Promise<void> {
  for (const selfId of BOTS) {
    const at = extra.atBot === undefined ? '' : `[CQ:at,qq=${extra.atBot}] `
    await t.receive(v11Events.groupMessage({ selfId, groupId, message: `${at}hello` }))
  }
}

const answers = (t: TestApp) => t.replies()

describe('MULTI_BOT', () => {
  it('one (default): a message seen by two of our bots in one group is answered once', async () => {
    t = await twoBotsIn([555])
    await everyBotReceives(t, 555)
    expect(answers(t)).toHaveLength(1)
    const first = answers(t)[0]
    // Stable: the same bot answers the next message of that group.
    await everyBotReceives(t, 555)
    expect(answers(t)).toEqual([first, first])
  })

  it('one: the choice is per group, deterministic, and spreads groups over the bots', async () => {
    const groups = Array.from({ length: 12 }, (_, i) => 600 + i)
    t = await twoBotsIn(groups)
    for (const group of groups) await everyBotReceives(t, group)
    const sent = t.sim.actions.filter((r) => r.action === 'send_group_msg')
    expect(sent.map((r) => r.params.group_id)).toEqual(groups)
    const byGroup = new Map(sent.map((r) => [r.params.group_id, r.botId]))
    expect(new Set(byGroup.values())).toEqual(new Set(['10001', '10002']))
    await t.stop()

    // Another app, the same bots and groups: the same choice.
    t = await twoBotsIn(groups)
    for (const group of groups) await everyBotReceives(t, group)
    const again = t.sim.actions.filter((r) => r.action === 'send_group_msg')
    expect(new Map(again.map((r) => [r.params.group_id, r.botId]))).toEqual(byGroup)
  })

  it('one: a message that mentions one of our bots is handled by that bot', async () => {
    t = await twoBotsIn([555])
    await everyBotReceives(t, 555)
    const chosen = answers(t)[0]!.replace('bot ', '')
    const other = BOTS.find((id) => String(id) !== chosen)!
    await everyBotReceives(t, 555, { atBot: other })
    expect(answers(t)).toEqual([`bot ${chosen}`, `bot ${other}`])
  })

  it('one: notices in the group too; private chats and groups with one of our bots are left alone', async () => {
    t = await createTestApp({
      plugins: [answer],
      botIds: BOTS,
      actions: { get_group_list: (call) => (call.bot?.id === '10001' ? [{ group_id: 1 }] : []) },
    })
    // Only bot 10001 is in group 1 (10002's list says so): it answers, even though 10002 is connected.
    await t.receive(v11Events.groupMessage({ selfId: 10001, groupId: 1, text: 'hi' }))
    expect(answers(t)).toEqual(['bot 10001'])
    // Private messages to each bot: each answers.
    await t.receive(v11Events.privateMessage({ selfId: 10001, text: 'hi' }))
    await t.receive(v11Events.privateMessage({ selfId: 10002, text: 'hi' }))
    expect(answers(t).slice(1)).toEqual(['bot 10001', 'bot 10002'])
    // A group both are in, learned from events: a notice is handled once.
    await t.receive(v11Events.groupMessage({ selfId: 10002, groupId: 1, text: 'hi' }))
    const before = answers(t).length
    for (const selfId of BOTS)
      await t.receive(v11Events.notice.groupIncrease({ selfId, groupId: 1, userId: 42 }))
    expect(
      answers(t)
        .slice(before)
        .filter((a) => a.startsWith('welcome')),
    ).toHaveLength(1)
  })

  it('all: every bot answers', async () => {
    t = await twoBotsIn([555], { MULTI_BOT: 'all' })
    await everyBotReceives(t, 555)
    expect([...answers(t)].sort()).toEqual(['bot 10001', 'bot 10002'])
  })

  it('a wrong value stops start-up with the key named', async () => {
    await expect(createTestApp({ config: { MULTI_BOT: 'some' } })).rejects.toThrow(ConfigError)
  })

  it('V12: two bots on one connection in one group answer once', async () => {
    t = await createTestApp({
      plugins: [answer],
      adapter: 'onebot.v12',
      botIds: ['10001', '10002'],
      actions: { get_group_list: () => [{ group_id: 'g' }] },
    })
    for (const user_id of ['10001', '10002']) {
      await t.receive(v12Events.groupMessage({ self: { platform: 'qq', user_id }, groupId: 'g', text: 'hi' }))
    }
    expect(answers(t)).toHaveLength(1)
  })
})
