import { afterEach, describe, expect, it } from 'vitest'
import { definePlugin, mockResult, singleSession, z } from '../index.js'
import { createTestApp, type TestApp, v11Events as v11 } from '../testing/index.js'

// NoneBot semantics a plugin can observe (issue #10 item 6), through the public API.

let t: TestApp | undefined
afterEach(async () => {
  await t?.stop()
  t = undefined
})

describe('got and setArg', () => {
  it('an answer rejected inside got(key) is stored under key before the handler asks again', async () => {
    const age = definePlugin({
      name: 'age',
      setup(ctx) {
        ctx.command('age').got('age', 'Your age?', async (c) => {
          const n = Number(c.argText('age'))
          if (!Number.isInteger(n)) await c.reject('A whole number, please:')
          await c.finish(`age ${n}`)
        })
      },
    })
    t = await createTestApp({ plugins: [age] })
    await t.receive(v11.privateMessage({ text: '/age' }))
    t.shouldSend('Your age?')
    await t.receive(v11.privateMessage({ text: 'old' }))
    t.shouldSend('A whole number, please:')
    await t.receive(v11.privateMessage({ text: 'older' }))
    t.shouldSend('A whole number, please:')
    await t.receive(v11.privateMessage({ text: '42' }))
    t.shouldSend('age 42')
  })

  it('setArg takes text (or segments) so got does not ask', async () => {
    const greet = definePlugin({
      name: 'greet',
      setup(ctx) {
        ctx
          .command('greet')
          .handle((c) => {
            if (c.args !== '') c.setArg('name', c.args)
          })
          .got('name', 'Who?', (c) => c.finish(`hello ${c.argText('name')} (${c.arg('name')?.length})`))
      },
    })
    t = await createTestApp({ plugins: [greet] })
    await t.receive(v11.privateMessage({ text: '/greet Ann' }))
    t.shouldSend('hello Ann (1)')
  })
})

describe('API hooks', () => {
  it('every calling and called hook runs; the first mock wins', async () => {
    const log: string[] = []
    const hooks = definePlugin({
      name: 'hooks',
      setup(ctx) {
        ctx.onCallingApi((call) => void log.push(`calling 1 ${call.action}`))
        ctx.onCallingApi((call) => {
          if (call.action !== 'get_status') return undefined
          log.push('calling 2')
          return mockResult({ from: 'calling 2' })
        })
        ctx.onCallingApi((call) => {
          if (call.action !== 'get_status') return undefined
          log.push('calling 3')
          return mockResult({ from: 'calling 3' })
        })
        ctx.onCalledApi((call, outcome) => {
          if (call.action !== 'get_status') return undefined
          log.push(`called 1 ${JSON.stringify(outcome)}`)
          return undefined
        })
        ctx.onCalledApi((call) => {
          if (call.action !== 'get_status') return undefined
          log.push('called 2')
          return mockResult('called 2')
        })
        ctx.onCalledApi((call) => {
          if (call.action !== 'get_status') return undefined
          log.push('called 3')
          return mockResult('called 3')
        })
        ctx.command('status', async (c) => c.send(String(await c.bot.callApi('get_status'))))
      },
    })
    t = await createTestApp({ plugins: [hooks] })
    await t.receive(v11.privateMessage({ text: '/status' }))
    t.shouldSend('called 2')
    expect(log.slice(0, 6)).toEqual([
      'calling 1 get_status',
      'calling 2',
      'calling 3',
      'called 1 {"ok":true,"result":{"from":"calling 2"}}',
      'called 2',
      'called 3',
    ])
  })
})

describe('commands', () => {
  const cmd = definePlugin({
    name: 'cmd',
    setup(ctx) {
      ctx.command('glued', { forceWhitespace: false }, (c) => c.send(`glued [${c.args}]`))
      ctx.command('spaced', { forceWhitespace: true }, (c) => c.send(`spaced [${c.args}]`))
      ctx.command('one', { forceWhitespace: ' ' }, (c) => c.send(`one [${c.args}]`))
    },
  })

  it('forceWhitespace: false forbids whitespace after the command, true needs it, a string needs exactly it', async () => {
    t = await createTestApp({ plugins: [cmd] })
    for (const text of [
      '/glued x',
      '/gluedx',
      '/glued',
      '/spacedx',
      '/spaced x',
      '/one  x',
      '/one x',
      '/one',
    ])
      await t.receive(v11.privateMessage({ text }))
    expect(t.replies()).toEqual(['glued [x]', 'glued []', 'spaced [x]', 'one [x]', 'one []'])
  })

  it('leading whitespace before the command start is ignored', async () => {
    t = await createTestApp({ plugins: [cmd] })
    await t.receive(v11.privateMessage({ text: '   /spaced x' }))
    t.shouldSend('spaced [x]')
  })
})

describe('single_session', () => {
  it('ignores later events of a session while one is handled; other sessions run', async () => {
    const started: string[] = []
    const handled: string[] = []
    let release!: () => void
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const slow = definePlugin({
      name: 'slow',
      setup(ctx) {
        ctx.message(async (c) => {
          started.push(`${c.userId}:${c.plainText}`)
          if (c.plainText === 'slow') await gate
        })
        ctx.afterEvent((c) => {
          if (c.kind === 'message') handled.push(`${c.userId}:${c.plainText}`)
        })
      },
    })
    t = await createTestApp({ plugins: [singleSession, slow] })
    await t.sim.send(v11.privateMessage({ text: 'slow', userId: 1 }))
    await expect.poll(() => started).toEqual(['1:slow'])
    await t.sim.send(v11.privateMessage({ text: 'ignored', userId: 1 }))
    await t.sim.send(v11.privateMessage({ text: 'other', userId: 2 }))
    await expect.poll(() => handled).toEqual(['1:ignored', '2:other'])
    expect(started).toEqual(['1:slow', '2:other'])
    release()
    await expect.poll(() => handled.length).toBe(3)
    await t.receive(v11.privateMessage({ text: 'again', userId: 1 }))
    expect(started).toEqual(['1:slow', '2:other', '1:again'])
  })
})

describe('shell commands', () => {
  const stickers = definePlugin({
    name: 'stickers',
    setup(ctx) {
      ctx.shellCommand(
        'sticker',
        { options: { size: { type: 'number', default: 1 } }, positionals: ['name', 'picture'] },
        async (c) => {
          if (!c.shell.ok) return c.send(c.shell.message)
          const [name, picture] = c.shell.positionals
          const kind = typeof picture === 'object' ? picture.type : typeof picture
          return c.send(`${String(name)} is a ${kind} of size ${c.shell.values.size}`)
        },
      )
    },
  })

  it('keeps images in argv, prints the usage line with an error, refuses extra positionals', async () => {
    t = await createTestApp({ plugins: [stickers] })
    const image = { type: 'image', data: { file: 'cat.png' } }
    await t.receive(
      v11.privateMessage({ message: [{ type: 'text', data: { text: '/sticker cat ' } }, image] }),
    )
    t.shouldSend('cat is a image of size 1')
    await t.receive(v11.privateMessage({ text: '/sticker --size big cat' }))
    t.shouldSend(
      'usage: /sticker [options] <name> <picture>\n/sticker: error: option --size expects a number, got "big"',
    )
    await t.receive(v11.privateMessage({ text: '/sticker a b c d' }))
    t.shouldSend('usage: /sticker [options] <name> <picture>\n/sticker: error: unrecognized arguments: c d')
  })
})

describe('plugin config schemas', () => {
  it('refuse a schema of another zod, naming the plugin, the key and the fix', async () => {
    // What `npm install zod@<another major>` hands a plugin: a schema nonebot-ts's zod does not know.
    const foreign = {
      _def: { typeName: 'ZodString' },
      parse: (v: unknown) => v,
      safeParse: (v: unknown) => v,
    }
    const plugin = definePlugin({ name: 'foreign', config: { city: foreign as never }, setup() {} })
    await expect(createTestApp({ plugins: [plugin] })).rejects.toThrow(
      /config key city of plugin "foreign" is not a schema of nonebot-ts's zod .*import \{ z \} from 'nonebot-ts'/,
    )
  })

  it('accept schemas built with the z nonebot-ts exports', async () => {
    const plugin = definePlugin({
      name: 'native',
      config: { city: z.string().default('Paris') },
      setup(ctx, config) {
        ctx.command('city', (c) => c.send(config.city))
      },
    })
    t = await createTestApp({ plugins: [plugin], config: { CITY: 'Lyon' } })
    await t.receive(v11.privateMessage({ text: '/city' }))
    t.shouldSend('Lyon')
  })
})
