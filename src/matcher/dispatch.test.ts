import { afterEach, describe, expect, it } from 'vitest'
import { pluginDefiner } from '../plugin/define-plugin.js'
import { captureLogger, createFakeApp, type FakeApp, type FakeRegistry } from '../testing/fake-adapter.js'

const definePlugin = pluginDefiner<FakeRegistry>()
let t: FakeApp
afterEach(async () => t?.stop())

function deferred() {
  let resolve!: () => void
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

describe('dispatch', () => {
  it('runs priorities ascending and a blocking matcher stops lower priorities', async () => {
    const order: string[] = []
    t = await createFakeApp({
      plugins: [
        definePlugin({
          name: 'order',
          setup(ctx) {
            ctx.on('message', { priority: 5 }, () => void order.push('p5'))
            ctx.on('message', { priority: 1 }, () => void order.push('p1'))
            ctx.on('message', { priority: 3, block: true }, () => void order.push('p3-block'))
            ctx.on('message', { priority: 3 }, () => void order.push('p3'))
          },
        }),
      ],
    })
    await t.receive(t.adapter.privateMessage(t.bot, { text: 'hi' }))
    expect(order[0]).toBe('p1')
    expect(order.slice(1).sort()).toEqual(['p3', 'p3-block'])
    expect(order).not.toContain('p5')
  })

  it('uses NoneBot block defaults: message-based factories block, command and on do not', async () => {
    const seen: string[] = []
    t = await createFakeApp({
      plugins: [
        definePlugin({
          name: 'defaults',
          setup(ctx) {
            ctx.command('a', { priority: 1 }, () => void seen.push('command'))
            ctx.on('message', { priority: 2 }, () => void seen.push('on'))
            ctx.keyword('a', { priority: 3 }, () => void seen.push('keyword'))
            ctx.message({ priority: 4 }, () => void seen.push('message'))
          },
        }),
      ],
    })
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/a' }))
    expect(seen).toEqual(['command', 'on', 'keyword'])
    const infos = t.app.plugins.list()[0]!.matchers
    expect(infos.map((m) => [m.name, m.block])).toEqual([
      ['command a', false],
      ['on message', false],
      ['keyword a', true],
      ['message', true],
    ])
  })

  it('runs matchers of one priority concurrently', async () => {
    const gate = deferred()
    const events: string[] = []
    t = await createFakeApp({
      plugins: [
        definePlugin({
          name: 'concurrent',
          setup(ctx) {
            ctx.on('message', async () => {
              events.push('a started')
              await gate.promise
              events.push('a done')
            })
            ctx.on('message', () => {
              events.push('b ran')
              gate.resolve()
            })
          },
        }),
      ],
    })
    await t.receive(t.adapter.privateMessage(t.bot, { text: 'x' }))
    // b ran while a was still waiting: a cannot finish before b releases the gate.
    expect(events).toEqual(['a started', 'b ran', 'a done'])
  })

  it('stopPropagation stops lower priorities at runtime', async () => {
    const seen: string[] = []
    t = await createFakeApp({
      plugins: [
        definePlugin({
          name: 'stop',
          setup(ctx) {
            ctx.on('message', { priority: 1 }, (c) => {
              seen.push('first')
              if (c.plainText === 'stop') c.stopPropagation()
            })
            ctx.on('message', { priority: 2 }, () => void seen.push('second'))
          },
        }),
      ],
    })
    await t.receive(t.adapter.privateMessage(t.bot, { text: 'stop' }))
    await t.receive(t.adapter.privateMessage(t.bot, { text: 'go' }))
    expect(seen).toEqual(['first', 'first', 'second'])
  })

  it('removes temp matchers after one run and expired matchers before running', async () => {
    const seen: string[] = []
    t = await createFakeApp({
      plugins: [
        definePlugin({
          name: 'temp',
          setup(ctx) {
            ctx.on('message', { temp: true }, () => void seen.push('temp'))
            ctx.on('message', { expireTime: new Date(Date.now() - 1) }, () => void seen.push('expired'))
            ctx.on('message', { expireTime: 60_000 }, () => void seen.push('fresh'))
          },
        }),
      ],
    })
    await t.receive(t.adapter.privateMessage(t.bot, { text: '1' }))
    await t.receive(t.adapter.privateMessage(t.bot, { text: '2' }))
    expect(seen).toEqual(['temp', 'fresh', 'fresh'])
    expect(t.app.plugins.list()[0]!.matchers.map((m) => m.name)).toEqual(['on message'])
  })

  it('logs a failing handler with plugin and matcher name and keeps handling other matchers and events', async () => {
    const { logger, records } = captureLogger('error')
    const seen: string[] = []
    t = await createFakeApp({
      logger,
      plugins: [
        definePlugin({
          name: 'faulty',
          setup(ctx) {
            ctx.command('boom', { name: 'boomer' }, () => {
              throw new Error('kaput')
            })
            ctx.on('message', () => void seen.push('other'))
          },
        }),
      ],
    })
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/boom' }))
    await t.receive(t.adapter.privateMessage(t.bot, { text: 'next' }))
    expect(seen).toEqual(['other', 'other'])
    const failure = records.find((r) => r.matcher === 'boomer')
    expect(failure).toMatchObject({ plugin: 'faulty', matcher: 'boomer', event: 'message.private.friend' })
    expect(String(failure?.msg)).toContain('boomer')
    expect(failure?.err).toMatchObject({ message: 'kaput' })
  })

  it('a rule that throws skips only that matcher', async () => {
    const { logger, records } = captureLogger('error')
    const seen: string[] = []
    t = await createFakeApp({
      logger,
      plugins: [
        definePlugin({
          name: 'rules',
          setup(ctx) {
            const badRule = (): boolean => {
              throw new Error('bad rule')
            }
            ctx.on('message', { rule: badRule }, () => void seen.push('never'))
            ctx.on('message', () => void seen.push('ok'))
          },
        }),
      ],
    })
    await t.receive(t.adapter.privateMessage(t.bot, { text: 'x' }))
    expect(seen).toEqual(['ok'])
    expect(records.some((r) => String(r.msg).includes('rule or permission'))).toBe(true)
  })

  it('matches event keys by dotted prefix and never gives message_sent to message matchers', async () => {
    const seen: string[] = []
    t = await createFakeApp({
      plugins: [
        definePlugin({
          name: 'keys',
          setup(ctx) {
            ctx.on('message.group', () => void seen.push('group'))
            ctx.on('message.private', () => void seen.push('private'))
            ctx.message(() => void seen.push('any message'))
            ctx.command('echo', () => void seen.push('command'))
            ctx.notice(() => void seen.push('notice'))
            ctx.request(() => void seen.push('request'))
            ctx.metaEvent(() => void seen.push('meta'))
            ctx.type(['notice.group_increase', 'request.friend'], () => void seen.push('type'))
          },
        }),
      ],
    })
    await t.receive(t.adapter.groupMessage(t.bot, { text: 'hello' }))
    expect(seen.splice(0).sort()).toEqual(['any message', 'group'])
    await t.receive(t.adapter.messageSent(t.bot, '/echo me'))
    expect(seen.splice(0)).toEqual([])
    await t.receive(t.adapter.groupIncrease(t.bot))
    expect(seen.splice(0).sort()).toEqual(['notice', 'type'])
    await t.receive(t.adapter.friendRequest(t.bot))
    expect(seen.splice(0).sort()).toEqual(['request', 'type'])
    await t.receive(t.adapter.heartbeat(t.bot))
    expect(seen.splice(0)).toEqual(['meta'])
  })

  it('offers events only from supported adapters', async () => {
    const seen: string[] = []
    t = await createFakeApp({
      plugins: [
        definePlugin({
          name: 'picky',
          supportedAdapters: ['onebot.v11'],
          setup(ctx) {
            ctx.on('message', () => void seen.push('picky'))
          },
        }),
      ],
    })
    await t.receive(t.adapter.privateMessage(t.bot, { text: 'x' }))
    expect(seen).toEqual([])
  })
})
