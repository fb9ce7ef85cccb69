import { afterEach, describe, expect, it } from 'vitest'
import { pluginDefiner } from '../plugin/define-plugin.js'
import { createFakeApp, type FakeApp, type FakeRegistry } from '../testing/fake-adapter.js'
import { dependency } from './dependency.js'

const definePlugin = pluginDefiner<FakeRegistry>()
let t: FakeApp
afterEach(async () => t?.stop())

describe('dependencies', () => {
  it('resolves lazily, once per event across matchers, with sub-dependencies and cleanup after the event', async () => {
    const log: string[] = []
    let opened = 0
    const db = dependency(async (_c, { cleanup }) => {
      const id = ++opened
      log.push(`open ${id}`)
      cleanup(() => void log.push(`close ${id}`))
      return { id, find: (user: string | undefined) => `user-${user}` }
    })
    const currentUser = dependency(async (c) => (await c.resolve(db)).find(c.userId))
    const unused = dependency(() => {
      log.push('unused resolved')
      return 1
    })
    let calls = 0
    const uncached = dependency(() => ++calls, { cache: false })
    t = await createFakeApp({
      plugins: [
        definePlugin({
          name: 'deps',
          setup(ctx) {
            ctx.on(
              'message',
              async (c) => void log.push(`a ${await c.resolve(currentUser)} db${(await c.resolve(db)).id}`),
            )
            ctx.on(
              'message',
              async (c) => void log.push(`b ${await c.resolve(currentUser)} db${(await c.resolve(db)).id}`),
            )
            ctx.command('never', async (c) => void (await c.resolve(unused)))
            ctx.command(
              'fresh',
              async (c) => void log.push(`fresh ${await c.resolve(uncached)} ${await c.resolve(uncached)}`),
            )
          },
        }),
      ],
    })
    await t.receive(t.adapter.privateMessage(t.bot, { text: 'x', userId: 5 }))
    expect(log.filter((l) => l.startsWith('open'))).toEqual(['open 1'])
    expect(log.filter((l) => /^[ab] /.test(l)).sort()).toEqual(['a user-5 db1', 'b user-5 db1'])
    expect(log.at(-1)).toBe('close 1')
    await t.receive(t.adapter.privateMessage(t.bot, { text: 'y', userId: 6 }))
    expect(log.filter((l) => l.startsWith('open'))).toEqual(['open 1', 'open 2'])
    expect(log).not.toContain('unused resolved')
    log.length = 0
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/fresh' }))
    expect(log).toContain('fresh 1 2')
  })

  it('a dependency can skip the handler; the matcher goes on with its next handler', async () => {
    const known = new Map([['1', { name: 'Ann' }]])
    const account = dependency((c, { skip }) => known.get(c.userId ?? '') ?? skip('not registered'))
    t = await createFakeApp({
      plugins: [
        definePlugin({
          name: 'skip',
          setup(ctx) {
            ctx
              .command('me')
              .handle(async (c) => {
                const user = await c.resolve(account)
                // Typed: `user` is { name: string }, the skip path is `never`.
                await c.finish(`you are ${user.name}`)
              })
              .handle((c) => c.send('please register first'))
          },
        }),
      ],
    })
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/me', userId: 1 }))
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/me', userId: 2 }))
    expect(t.texts()).toEqual(['you are Ann', 'please register first'])
  })

  it('cleans up after a multi-turn run ends, not while it waits', async () => {
    const log: string[] = []
    const resource = dependency((_c, { cleanup }) => {
      log.push('open')
      cleanup(() => void log.push('close'))
      return 'res'
    })
    t = await createFakeApp({
      plugins: [
        definePlugin({
          name: 'long',
          setup(ctx) {
            ctx.command('long', async (c) => {
              await c.resolve(resource)
              const answer = await c.prompt('?')
              log.push(`answer ${answer}`)
            })
          },
        }),
      ],
    })
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/long' }))
    expect(log).toEqual(['open'])
    await t.receive(t.adapter.privateMessage(t.bot, { text: 'yes' }))
    await new Promise((r) => setImmediate(r))
    expect(log).toEqual(['open', 'answer yes', 'close'])
  })
})
