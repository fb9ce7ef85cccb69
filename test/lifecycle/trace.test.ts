// Issue #10.5: the LOG_LEVEL=DEBUG trace, and refusal warnings rate-limited per peer.
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { definePlugin, superuser } from '../../src/index.js'
import { createTestApp, type TestApp, v11Events } from '../../src/testing/index.js'
import { memoryLogger } from './log.js'

let t: TestApp | undefined
afterEach(async () => {
  await t?.stop()
  t = undefined
})

const mod = definePlugin({
  name: 'mod',
  setup(ctx) {
    ctx.command('ban', { permission: superuser }, (c) => c.send('banned'))
    ctx.command('echo', { block: true }, (c) => c.send(c.args))
    ctx.message({ priority: 10, name: 'chat' }, (c) => c.send('chat'))
  },
})

describe('the DEBUG trace', () => {
  it('one line per event, per matcher considered with its verdict, per outcome and per API call', async () => {
    const log = memoryLogger('DEBUG')
    t = await createTestApp({ plugins: [mod], logger: log.logger })
    await t.receive(v11Events.groupMessage({ text: '/ban 42', groupId: 20001, userId: 10 }))
    const banLines = log.at('debug')
    expect(banLines).toEqual(
      expect.arrayContaining([
        'event message.group.normal from onebot.v11 bot 10001 session group_20001_10 "/ban 42"',
        '  matcher "command ban" (plugin mod, priority 1): permission failed',
        '  matcher "command echo" (plugin mod, priority 1): no match',
        '  matcher "chat" (plugin mod, priority 10): runs',
        '  matcher "chat" (plugin mod) finished',
      ]),
    )
    expect(
      banLines.some((line) => /^api send_group_msg \(onebot\.v11 bot 10001\): ok in \d+ ms$/.test(line)),
    ).toBe(true)

    await t.receive(v11Events.privateMessage({ text: '/echo hi' }))
    expect(log.at('debug')).toEqual(
      expect.arrayContaining([
        '  matcher "command echo" (plugin mod, priority 1): runs',
        '  matcher "chat" (plugin mod, priority 10): blocked (stopped by "command echo")',
      ]),
    )

    t.answerError('get_group_info', 1404, 'no such group')
    await t
      .bot()
      .callApi('get_group_info', { group_id: 1 })
      .catch(() => {})
    expect(
      log.at('debug').some((line) => /^api get_group_info .*: failed in \d+ ms \(retcode 1404/.test(line)),
    ).toBe(true)
  })

  it('writes nothing at INFO', async () => {
    const log = memoryLogger('INFO')
    t = await createTestApp({ plugins: [mod], logger: log.logger })
    await t.say('/echo hi')
    expect(log.at('debug')).toEqual([])
  })
})

describe('refusal warnings', () => {
  it('a flood of bad-token upgrades from one peer logs one line, and the count is carried by the next', async () => {
    const log = memoryLogger('INFO')
    t = await createTestApp({
      plugins: [mod],
      logger: log.logger,
      transport: 'wire',
      config: { onebot_access_token: 'right' },
    })
    const { port } = t.app.driver.server!.address()!
    const statuses: number[] = []
    for (let i = 0; i < 20; i++) {
      statuses.push(
        await new Promise<number>((resolve) => {
          const ws = new WebSocket(`ws://127.0.0.1:${port}/onebot/v11/ws`, {
            headers: { authorization: 'Bearer wrong', 'x-self-id': '10001' },
          })
          ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
          ws.on('open', () => {
            ws.close()
            resolve(101)
          })
          ws.on('error', () => {})
        }),
      )
    }
    expect(statuses).toEqual(Array(20).fill(403))
    const refusals = log.at('warn').filter((line) => line.includes('refused (403)'))
    expect(refusals).toHaveLength(1)
    expect(refusals[0]).toMatch(
      /OneBot V11 reverse WebSocket from 127\.0\.0\.1 on \/onebot\/v11\/ws refused \(403\)/,
    )
  })
})
