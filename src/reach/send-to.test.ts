import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest'
import type { Bot } from '../adapter/bot.js'
import type { V11Bot } from '../adapters/onebot/v11/bot.js'
import { UnreachableTarget } from '../errors.js'
import { definePlugin } from '../plugin/define-plugin.js'
import { createTestApp, type TestApp } from '../testing/kit/index.js'
import { v11Events, v12Events } from '../testing/simulator/index.js'
import type { ActionBehaviour } from '../testing/simulator/types.js'

let t: TestApp | undefined
afterEach(async () => {
  vi.useRealTimers()
  await t?.stop()
  t = undefined
})

/** Each simulated bot answers `get_group_list` with its own groups (installed before they connect). */
function groupsPerBot(groups: Record<string, number[]>): Record<string, ActionBehaviour> {
  return {
    get_group_list: (call) => (groups[call.bot?.id ?? ''] ?? []).map((id) => ({ group_id: id })),
  }
}

const sends = (t: TestApp) => t.sim.actions.filter((r) => r.action.startsWith('send_'))

describe('app.sendTo (V11)', () => {
  it('picks the bot that is in the group: from its group list or from its events', async () => {
    t = await createTestApp({ botIds: [10001, 10002], actions: groupsPerBot({ '10001': [111] }) })
    await t.receive(v11Events.groupMessage({ selfId: 10002, groupId: 222, text: 'hi' }))

    await t.app.sendTo({ group: '111' }, 'to 111')
    await t.app.sendTo({ group: '222' }, 'to 222')
    expect(sends(t).map((r) => [r.botId, r.action, r.params.group_id])).toEqual([
      ['10001', 'send_group_msg', 111],
      ['10002', 'send_group_msg', 222],
    ])
    expect(sends(t)[0]!.params.message).toEqual([{ type: 'text', data: { text: 'to 111' } }])
  })

  it('fails with a clear error when no bot can reach the target, or the pinned bot cannot', async () => {
    t = await createTestApp({ botIds: [10001, 10002], actions: groupsPerBot({ '10001': [111] }) })
    const none = t.app.sendTo({ group: '333' }, 'x')
    await expect(none).rejects.toBeInstanceOf(UnreachableTarget)
    await expect(none).rejects.toMatchObject({
      code: 'E_UNREACHABLE',
      message: expect.stringContaining('group 333'),
    })
    await expect(t.app.sendTo({ group: '111', bot: '10002' }, 'x')).rejects.toThrow(
      /none of the connected bots \(onebot\.v11:10002\)/,
    )
    await expect(t.app.sendTo({ group: '111', adapter: 'onebot.v12' }, 'x')).rejects.toThrow(
      /no connected bot of adapter onebot\.v12/,
    )
    await expect(t.app.sendTo({ group: '' } as never, 'x')).rejects.toThrow(/non-empty id/)
    expect(sends(t)).toEqual([])
  })

  it('reaches friends (friend list) and forgets a group the bot was kicked from', async () => {
    t = await createTestApp()
    t.sim.override('get_friend_list', () => [{ user_id: 42, nickname: 'f' }])
    await t.app.sendTo({ user: '42' }, 'hello friend')
    expect(sends(t).at(-1)!.params).toMatchObject({ user_id: 42 })

    await t.receive(v11Events.groupMessage({ groupId: 555, text: 'hi' }))
    await t.app.sendTo({ group: '555' }, 'still here')
    await t.receive(v11Events.notice.groupDecrease({ groupId: 555, userId: 10001, subType: 'kick_me' }))
    await expect(t.app.sendTo({ group: '555' }, 'gone')).rejects.toThrow(UnreachableTarget)
  })

  it('fetches the group list again when an unknown group is asked for, at most every 30 s', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const groups: number[] = []
    t = await createTestApp({ actions: { get_group_list: () => groups.map((id) => ({ group_id: id })) } })
    await expect(t.app.sendTo({ group: '777' }, 'x')).rejects.toThrow(UnreachableTarget)
    groups.push(777) // the bot joins; no event says so
    await expect(t.app.sendTo({ group: '777' }, 'x')).rejects.toThrow(UnreachableTarget)
    expect(t.sim.actions.filter((r) => r.action === 'get_group_list')).toHaveLength(1)
    vi.setSystemTime(Date.now() + 31_000)
    await t.app.sendTo({ group: '777' }, 'now')
    expect(t.sim.actions.filter((r) => r.action === 'get_group_list')).toHaveLength(2)
    expect(sends(t).at(-1)!.params).toMatchObject({ group_id: 777 })
  })
})

describe('app.sendTo (V12)', () => {
  it('sends with send_message to the bot in the group, and to friends', async () => {
    t = await createTestApp({
      adapter: 'onebot.v12',
      botIds: ['10001', '10002'],
      actions: {
        get_group_list: (call) => (call.bot?.id === '10002' ? [{ group_id: 'g2' }] : []),
        get_friend_list: (call) => (call.bot?.id === '10001' ? [{ user_id: 'u1' }] : []),
      },
    })
    await t.app.sendTo({ group: 'g2' }, 'to g2')
    await t.app.sendTo({ user: 'u1' }, 'to u1')
    expect(
      sends(t).map((r) => [r.botId, r.params.detail_type, r.params.group_id ?? r.params.user_id]),
    ).toEqual([
      ['10002', 'group', 'g2'],
      ['10001', 'private', 'u1'],
    ])
    await expect(t.app.sendTo({ channel: 'c', guild: 'g' }, 'x')).rejects.toThrow(/channel c of guild g/)
  })

  it('learns groups from events', async () => {
    t = await createTestApp({ adapter: 'onebot.v12' })
    await t.receive(v12Events.groupMessage({ groupId: 'g9', text: 'hi' }))
    await t.app.sendTo({ group: 'g9' }, 'back')
    expect(sends(t).at(-1)!.params).toMatchObject({ detail_type: 'group', group_id: 'g9' })
  })
})

describe('ctx.sendTo and ctx.bots', () => {
  it('sends from a plugin and lists bots, narrowed by adapter', async () => {
    let listed: { all: Bot[]; v11: V11Bot[]; v12: Bot[] } | undefined
    const announcer = definePlugin({
      name: 'announcer',
      setup(ctx) {
        ctx.command('announce', async (c) => {
          const v11Bots = ctx.bots('onebot.v11')
          expectTypeOf(v11Bots).toEqualTypeOf<V11Bot[]>()
          listed = { all: ctx.bots(), v11: v11Bots, v12: ctx.bots('onebot.v12') }
          await ctx.sendTo({ group: '123' }, `announcement: ${c.args}`)
        })
      },
    })
    t = await createTestApp({ plugins: [announcer], actions: groupsPerBot({ '10001': [123] }) })
    await t.receive(v11Events.privateMessage({ text: '/announce tea at five' }))
    t.shouldCallApi('get_group_list')
    t.shouldCallApi('send_group_msg', { group_id: 123 })
    expect(t.replies()).toEqual(['announcement: tea at five'])
    expect(listed!.all.map((b) => b.selfId)).toEqual(['10001'])
    expect(listed!.v11[0]).toBe(t.bot())
    expect(listed!.v12).toEqual([])
  })
})
