// Every snippet of docs/plugin-guide.md lives here (or in guide-extra.test.ts) verbatim (imports aside) and is exercised below;
// the last test fails when a snippet in the guide no longer appears in this file.
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { dependency } from '../matcher/dependency.js'
import { superuser } from '../matcher/permission.js'
import { toMe } from '../matcher/rule.js'
import { Message } from '../message/message.js'
import { createFakeApp, type FakeApp } from '../testing/fake-adapter.js'
import { definePlugin } from './define-plugin.js'

const weather = definePlugin({
  name: 'weather',
  setup(ctx) {
    ctx.command('weather', { rule: toMe, priority: 10, block: true }, async (c) => {
      const city = c.args.trim() || (await c.prompt('Which city?'))
      if (!city) await c.finish('Cancelled.')
      await c.send(`Weather in ${city}: sunny`)
    })
  },
})

const showcase = definePlugin({
  name: 'showcase',
  setup(ctx) {
    ctx.on('notice.group_increase', (c) => c.send('Welcome!'))
    ctx.message({ priority: 99 }, (c) => c.send(`You said: ${c.plainText}`))
    ctx.notice({ priority: 50 }, () => {})
    ctx.request((c) => c.bot.callApi('set_friend_add_request', { approve: true }))
    ctx.metaEvent(() => {})
    ctx.type(['message.private', 'notice.friend_add'], () => {})
    ctx.command('help', { aliases: ['h', ['?']] }, (c) => c.send(`help for ${c.args || 'everything'}`))
    ctx.shellCommand(
      'roll',
      { options: { sides: { type: 'number', short: 's', default: 6 } } },
      async (c) => {
        if (c.shell.ok) await c.send(`rolled a d${c.shell.values.sides}`)
        else await c.send(c.shell.message) // the --help text or the parse error
      },
    )
    ctx.regex(/^(\d+)\s*\+\s*(\d+)$/, (c) => c.send(String(Number(c.match[1]) + Number(c.match[2]))))
    ctx.startsWith('hi', { ignoreCase: true }, (c) => c.send('hello'))
    ctx.endsWith('?', (c) => c.send('good question'))
    ctx.fullMatch(['ping', 'PING'], (c) => c.send('pong'))
    ctx.keyword(['cat', 'dog'], (c) => c.send(`I like ${c.matched}s`))
    const admin = ctx.commandGroup('admin', { priority: 5, permission: superuser })
    admin.command('reload', (c) => c.send('reloaded')) // /admin.reload
  },
})

const signup = definePlugin({
  name: 'signup',
  setup(ctx) {
    // NoneBot style: handlers in order, `got` asks for missing arguments.
    ctx
      .command('signup')
      .handle((c) => {
        if (c.args) c.setArg('name', c.argsMessage)
      })
      .got('name', 'Your name?', async (c) => {
        const name = c.argText('name')?.trim()
        if (!name) await c.rejectArg('name', 'A name, please:')
        await c.finish(`Welcome, ${name}!`)
      })

    // Awaited style: a prompt is just a promise.
    ctx.command('age', async (c) => {
      let answer = await c.prompt('How old are you?')
      while (answer !== undefined && !/^\d+$/.test(answer)) answer = await c.prompt('A number, please:')
      await c.send(answer === undefined ? 'Too slow.' : `You are ${answer}.`)
    })
  },
})

const users = new Map([['10', { name: 'Ann', credits: 3 }]])

const account = dependency((c, { skip }) => users.get(c.userId ?? '') ?? skip('not registered'))

const connection = dependency(async (_c, { cleanup }) => {
  const db = { open: true, query: (sql: string) => `result of ${sql}` }
  cleanup(() => {
    db.open = false
  })
  return db
})

const shop = definePlugin({
  name: 'shop',
  setup(ctx) {
    ctx
      .command('credits')
      .handle(async (c) => {
        const user = await c.resolve(account) // typed { name, credits }; skips this handler if unknown
        const db = await c.resolve(connection) // resolved once per event, closed after it
        await c.finish(`${user.name}: ${user.credits} credits (${db.query('select')})`)
      })
      .handle((c) => c.send('Register first with /signup.'))
  },
})

const greeter = definePlugin({
  name: 'greeter',
  setup(ctx) {
    const hello = Message.template('Hello {name}, you have {count} new messages')
    ctx.command('inbox', (c) => c.send(hello.format({ name: c.userId, count: 2 }), { atSender: true }))
    ctx.command('quote', (c) => c.reply(c.args)) // quotes the message being answered
  },
})

let t: FakeApp
afterEach(async () => t?.stop())
const pm = (text: string, userId = 10) => t.adapter.privateMessage(t.bot, { text, userId })

describe('plugin guide snippets', () => {
  it('the 10-line plugin asks for a city when none is given', async () => {
    t = await createFakeApp({ plugins: [weather] })
    await t.receive(pm('/weather Paris'))
    await t.receive(pm('/weather'))
    await t.receive(pm('Rome'))
    expect(t.texts()).toEqual(['Weather in Paris: sunny', 'Which city?', 'Weather in Rome: sunny'])
  })

  it('each matcher type', async () => {
    t = await createFakeApp({ plugins: [showcase], config: { superusers: ['10'] } })
    const inputs = [
      '/h commands',
      '/roll -s 20',
      '/roll --sides x',
      '2 + 3',
      'Hi there',
      'why?',
      'ping',
      'a dog',
      '/admin.reload',
      'plain',
    ]
    for (const text of inputs) await t.receive(pm(text))
    await t.receive(t.adapter.groupIncrease(t.bot))
    await t.receive(t.adapter.friendRequest(t.bot))
    // Commands do not block (NoneBot's default), so the catch-all at priority 99 also sees them.
    expect(t.texts()).toEqual([
      'help for commands',
      'You said: /h commands',
      'rolled a d20',
      expect.stringContaining('--sides expects a number'),
      '5',
      'hello',
      'good question',
      'pong',
      'I like dogs',
      'reloaded',
      'You said: /admin.reload',
      'You said: plain',
      'Welcome!',
    ])
    expect(t.bot.calls.at(-1)).toEqual({ action: 'set_friend_add_request', params: { approve: true } })
  })

  it('multi-turn: got/rejectArg and awaited prompts', async () => {
    t = await createFakeApp({ plugins: [signup] })
    for (const text of ['/signup', ' ', 'Bea', '/age', 'old', '42']) await t.receive(pm(text))
    expect(t.texts()).toEqual([
      'Your name?',
      'A name, please:',
      'Welcome, Bea!',
      'How old are you?',
      'A number, please:',
      'You are 42.',
    ])
  })

  it('dependencies: typed, skippable, cleaned up', async () => {
    t = await createFakeApp({ plugins: [shop] })
    await t.receive(pm('/credits', 10))
    await t.receive(pm('/credits', 11))
    expect(t.texts()).toEqual(['Ann: 3 credits (result of select)', 'Register first with /signup.'])
  })

  it('message building', async () => {
    t = await createFakeApp({ plugins: [greeter] })
    await t.receive(t.adapter.groupMessage(t.bot, { text: '/inbox', userId: 7 }))
    await t.receive(pm('/quote me'))
    expect(t.texts()).toEqual(['@7 Hello 7, you have 2 new messages', 'me'])
    expect(t.bot.sent[1]?.options).toEqual({ reply: true })
  })

  it('every TypeScript snippet of docs/plugin-guide.md appears in this file', () => {
    const guide = readFileSync(new URL('../../docs/plugin-guide.md', import.meta.url), 'utf8')
    const self = normalize(readFileSync(new URL(import.meta.url), 'utf8'))
    const extra = normalize(readFileSync(new URL('./guide-extra.test.ts', import.meta.url), 'utf8'))
    const blocks = [...guide.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!)
    expect(blocks.length).toBeGreaterThanOrEqual(6)
    for (const block of blocks) {
      const code = block
        .split('\n')
        .filter((line) => !line.startsWith('import '))
        .join('\n')
      expect(self.includes(normalize(code)) || extra.includes(normalize(code)), code).toBe(true)
    }
  })
})

function normalize(code: string): string {
  return code.replace(/\s+/g, ' ').trim()
}
