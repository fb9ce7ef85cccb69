import { afterEach, describe, expect, it } from 'vitest'
import { type Simulator, v12Events as v12 } from '../../../testing/simulator/index.js'
import { type SimApp, startSimApp } from '../../../testing/test-support/sim-app.js'
import type { V12Bot } from './bot.js'
import { onebotV12 } from './index.js'
import { V12MessageSegment as seg } from './message.js'

let t: SimApp | undefined
let sim: Simulator | undefined
afterEach(async () => {
  await t?.stop()
  t = undefined
})

const self = { platform: 'qq', user_id: '10' }
/** The framework's calls (the simulator's start-up queries aside). */
const sentActions = () => sim!.actions.filter((r) => r.seq > firstSeq)
let firstSeq = 0

/** Walle-Q on reverse WS with bot qq/10 known, answering every action with its own params. */
async function botOver(config: Record<string, unknown> = {}) {
  t = await startSimApp({ adapters: [onebotV12({ discoveryTimeoutMs: 10_000 })], config, echo: false })
  sim = await t.sim({
    version: 12,
    mode: 'ws-reverse',
    url: `${t.wsBase}/onebot/v12/`,
    bots: [{ userId: '10' }],
    heartbeatIntervalMs: false,
  })
  sim.override('*', ({ params }) => ({ got: params }))
  await sim.waitConnected()
  await sim.send(v12.privateMessage({ self, text: 'hi' }))
  const ev = await t.events.next((e) => e.kind === 'message')
  firstSeq = sim.actions.at(-1)?.seq ?? 0
  return { bot: ev.bot as V12Bot, ev }
}

describe('V12 actions', () => {
  it('uploads a file from bytes as base64 over JSON, once and in fragments, and reads it back', async () => {
    const { bot } = await botOver()
    await bot.call('upload_file', {
      type: 'data',
      name: 'a.bin',
      data: new Uint8Array([1, 2, 3]),
      sha256: 'ab',
    })
    await bot.call('upload_file', { type: 'url', name: 'b.png', url: 'http://x/b.png', headers: { h: 'v' } })
    await bot.call('upload_file', { type: 'path', name: 'c.txt', path: '/tmp/c.txt' })
    await bot.call('upload_file_fragmented', { stage: 'prepare', name: 'big', total_size: 3 })
    await bot.call('upload_file_fragmented', {
      stage: 'transfer',
      file_id: 'f',
      offset: 0,
      data: new Uint8Array([9]),
    })
    await bot.call('upload_file_fragmented', { stage: 'finish', file_id: 'f', sha256: 'cd' })
    await bot.call('get_file', { file_id: 'f', type: 'url' })
    await bot.call('get_file_fragmented', { stage: 'transfer', file_id: 'f', offset: 0, size: 1 })
    const sent = sentActions()
    expect(sent.map((r) => r.action)).toEqual([
      'upload_file',
      'upload_file',
      'upload_file',
      'upload_file_fragmented',
      'upload_file_fragmented',
      'upload_file_fragmented',
      'get_file',
      'get_file_fragmented',
    ])
    expect(sent[0]!.params).toEqual({ type: 'data', name: 'a.bin', data: 'AQID', sha256: 'ab' })
    expect(sent[4]!.params).toEqual({ stage: 'transfer', file_id: 'f', offset: 0, data: 'CQ==' })
    expect(sent.every((r) => r.self?.user_id === '10' && r.self.platform === 'qq')).toBe(true)
  })

  it('sends bytes as MessagePack bin when MessagePack is on', async () => {
    const { bot } = await botOver({ onebot_v12_use_msgpack: true })
    await bot.call('upload_file', { type: 'data', name: 'a.bin', data: new Uint8Array([1, 2, 3]) })
    const req = sentActions()[0]!
    // Bytes arrive as bytes: only a MessagePack frame carries them (JSON would carry base64 text).
    expect(req.params.data).toBeInstanceOf(Uint8Array)
    expect([...(req.params.data as Uint8Array)]).toEqual([1, 2, 3])
  })

  it('calls meta actions without self and every other action with it; unknown names via callApi', async () => {
    const { bot } = await botOver()
    for (const action of [
      'get_latest_events',
      'get_supported_actions',
      'get_status',
      'get_version',
    ] as const) {
      await bot.call(action)
    }
    await bot.call('get_group_member_info', { group_id: 'g', user_id: 'u' })
    await bot.call('get_channel_list', { guild_id: 'G', joined_only: true })
    expect(await bot.callApi('qq.get_group_honor_info', { group_id: 'g' })).toEqual({
      got: { group_id: 'g' },
    })
    const sent = sentActions()
    expect(sent.slice(0, 4).every((r) => r.self === undefined)).toBe(true)
    expect(sent.slice(4).every((r) => r.self?.user_id === '10')).toBe(true)
    expect(sent.at(-1)).toMatchObject({ action: 'qq.get_group_honor_info', params: { group_id: 'g' } })
  })

  it('send() replies in group and channel chats with mention and reply when asked', async () => {
    const { bot } = await botOver()
    await sim!.send(v12.groupMessage({ self, message: [seg.text('x')], groupId: 'g9', userId: '42' }))
    const groupEv = await t!.events.next((e) => e.kind === 'message')
    await bot.send(groupEv, 'answer', { atSender: true, reply: true })
    const channel = v12.privateMessage({ self, text: 'y', userId: '42' })
    await sim!.send({ ...channel, detail_type: 'channel', guild_id: 'guild1', channel_id: 'chan1' })
    const chanEv = await t!.events.next((e) => e.kind === 'message')
    await bot.send(chanEv, [seg.image('file1')], { atSender: true })
    await sim!.send(v12.privateMessage({ self, text: 'z', userId: '42' }))
    const privEv = await t!.events.next((e) => e.kind === 'message')
    await bot.send(privEv, 'p', { atSender: true })
    const [g, c, p] = sentActions()
    expect(g!.params).toEqual({
      detail_type: 'group',
      group_id: 'g9',
      message: [
        seg.reply((groupEv.event as { message_id: string }).message_id),
        seg.mention('42'),
        seg.text(' '),
        seg.text('answer'),
      ],
    })
    expect(c!.params).toEqual({
      detail_type: 'channel',
      guild_id: 'guild1',
      channel_id: 'chan1',
      message: [seg.mention('42'), seg.text(' '), seg.image('file1')],
    })
    expect(p!.params).toEqual({ detail_type: 'private', user_id: '42', message: [seg.text('p')] })
  })

  it('runs the app API hooks around calls', async () => {
    const { bot } = await botOver()
    const seen: string[] = []
    t!.app.apiHooks.calling.add((call) => void seen.push(`${call.adapter}:${call.selfId}:${call.action}`))
    await bot.call('get_self_info')
    expect(seen).toEqual(['onebot.v12:10:get_self_info'])
  })

  it('answers supports() from one get_supported_actions call', async () => {
    const { bot } = await botOver()
    sim!.override('get_supported_actions', () => ['send_message', 'get_status'])
    expect(await bot.supports('send_message')).toBe(true)
    expect(await bot.supports('upload_file')).toBe(false)
    expect(sentActions().filter((r) => r.action === 'get_supported_actions')).toHaveLength(1)
  })
})
