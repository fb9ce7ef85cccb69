import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest'
import { definePlugin } from '../plugin/define-plugin.js'
import { createFakeApp, type FakeApp } from '../testing/fake-adapter.js'

let t: FakeApp
afterEach(async () => {
  vi.useRealTimers()
  await t?.stop()
})

async function start(setup: Parameters<typeof definePlugin>[0]['setup']) {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date(2026, 0, 10, 12, 0, 0))
  t = await createFakeApp({ config: { database_url: 'sqlite::memory:' } })
  const result = await t.app.plugins.load(definePlugin({ name: 'limited', setup }))
  if (!result.ok) throw result.error
}

describe('cooldown and limit options', () => {
  it('once per 10 s per user: a second use is refused with the wait, other users are not affected', async () => {
    await start((ctx) => {
      ctx.cmd('roll', { cooldown: '10s' }, (c) => c.send(`rolled for ${c.userId}`))
    })
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/roll', userId: 1 }))
    vi.advanceTimersByTime(3000)
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/roll', userId: 1 }))
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/roll', userId: 2 }))
    vi.advanceTimersByTime(7000)
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/roll', userId: 1 }))
    expect(t.texts()).toEqual([
      'rolled for 1',
      'Please wait 7s before using roll again.',
      'rolled for 2',
      'rolled for 1',
    ])
  })

  it('20 per day per group: counts across users of a group, answers as configured, resets at midnight', async () => {
    await start((ctx) => {
      ctx.command(
        'draw',
        {
          limit: {
            count: 2,
            window: '1d',
            per: 'group',
            message: (hit) => `No more draws today (${hit.wait})`,
          },
        },
        (c) => c.send('card'),
      )
    })
    const say = (userId: number, groupId = 100) =>
      t.receive(t.adapter.groupMessage(t.bot, { text: '/draw', userId, groupId }))
    await say(1)
    await say(2)
    await say(3)
    await say(3, 200)
    vi.setSystemTime(new Date(2026, 0, 11, 0, 0, 1))
    await say(1)
    expect(t.texts()).toEqual(['card', 'card', 'No more draws today (12h)', 'card', 'card'])
  })

  it('a global limit can refuse silently, and parse errors do not use up the quota', async () => {
    await start((ctx) => {
      ctx.cmd('ask <q:rest>', { limit: { count: 1, window: '1h', per: 'global', message: false } }, (c) =>
        c.send(`answer to ${c.args.q}`),
      )
    })
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/ask', userId: 1 }))
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/ask why', userId: 1 }))
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/ask how', userId: 2 }))
    expect(t.texts()).toEqual(['missing <q>\nUsage: /ask <q:rest>', 'answer to why'])
  })

  it('keeps counters in the data store (SQLite file), so a restart does not reset a daily quota', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nbts-limits-'))
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
    const daily = definePlugin({
      name: 'limited',
      setup(ctx) {
        ctx.command('daily', { limit: { count: 1, window: '1d' } }, (c) => c.send('bonus'))
      },
    })
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date(2026, 0, 10, 12, 0, 0))
    const config = { database_url: `sqlite:${join(dir, 'bot.sqlite')}` }
    t = await createFakeApp({ config, plugins: [daily] })
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/daily' }))
    expect(t.texts()).toEqual(['bonus'])
    await t.stop()
    t = await createFakeApp({ config, plugins: [daily] })
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/daily' }))
    expect(t.texts()).toEqual(['daily can be used 1 times per 1d; try again in 12h.'])
    expect(await t.app.plugins.commands.store.keys('cmd:daily:limit:')).toHaveLength(1)
  })

  it('refuses a bad duration at registration', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    t = await createFakeApp()
    const result = await t.app.plugins.load(
      definePlugin({ name: 'bad', setup: (ctx) => void ctx.command('x', { cooldown: 'soon' as '1s' }) }),
    )
    expect(!result.ok && result.error.message).toContain('"soon" is not a duration')
  })
})
