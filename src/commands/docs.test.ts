// Every TypeScript snippet of docs/commands.md lives here verbatim (imports aside) and is exercised below;
// the last test fails when a snippet in the page no longer appears in this file.
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { superuser } from '../matcher/permission.js'
import { definePlugin } from '../plugin/define-plugin.js'
import { createFakeApp, type FakeApp } from '../testing/fake-adapter.js'

const dice = definePlugin({
  name: 'dice',
  description: 'Dice games',
  setup(ctx) {
    ctx.cmd('roll <count:integer> [sides:integer=6] -p, --private', async (c) => {
      // c.args.count: number, c.args.sides: number, c.opts.private: boolean
      const rolls = Array.from({ length: c.args.count }, () => 1 + Math.floor(Math.random() * c.args.sides))
      await c.send(rolls.length > 0 && c.opts.private ? 'rolled in secret' : `rolled ${rolls.length} dice`)
    })
  },
})

const moderation = definePlugin({
  name: 'moderation',
  description: 'Keeps the group tidy',
  setup(ctx) {
    ctx.cmd(
      'mute <who:user> [minutes:integer=10] --reason <why:text>',
      {
        permission: superuser,
        aliases: ['shutup'],
        description: 'Mutes someone for a while',
        examples: ['/mute @someone 30 --reason spam'],
        help: { who: 'the member to mute', reason: 'shown to the member' },
      },
      async (c) => {
        await c.send(
          `muted ${c.args.who} for ${c.args.minutes} min${c.opts.reason ? ` (${c.opts.reason})` : ''}`,
        )
      },
    )
  },
})

const games = definePlugin({
  name: 'games',
  setup(ctx) {
    // Once per 10 s per user.
    ctx.cmd('slots', { cooldown: '10s' }, (c) => c.send('🍒🍒🍋'))
    // 20 per day per group, with our own answer.
    ctx.command(
      'draw',
      {
        limit: {
          count: 20,
          window: '1d',
          per: 'group',
          message: (hit) => `No more draws today, try in ${hit.wait}.`,
        },
      },
      (c) => c.send('You drew the Fool.'),
    )
    // One use a minute for everyone together; a refused use gets no answer.
    ctx.cmd('announce <text:rest>', { cooldown: { time: '1m', per: 'global', message: false } }, (c) =>
      c.send(c.args.text),
    )
  },
})

let t: FakeApp
afterEach(async () => {
  vi.useRealTimers()
  await t?.stop()
})

const pm = (text: string, userId = 10) => t.receive(t.adapter.privateMessage(t.bot, { text, userId }))

function page(name: string): string {
  return readFileSync(new URL(`../../docs/${name}`, import.meta.url), 'utf8')
}

/** The ```text block that follows `marker` in the page. */
function textBlockAfter(doc: string, marker: string): string {
  const from = doc.indexOf(marker)
  return /```text\n([\s\S]*?)\n```/.exec(doc.slice(from))![1]!
}

describe('docs/commands.md', () => {
  it('dice: typed arguments, and the parse error the page shows', async () => {
    t = await createFakeApp({ plugins: [dice] })
    await pm('/roll 2')
    await pm('/roll 2 20 -p')
    await pm('/roll two')
    expect(t.texts().slice(0, 2)).toEqual(['rolled 2 dice', 'rolled in secret'])
    expect(t.texts()[2]).toBe(textBlockAfter(page('commands.md'), '`/roll two` answers'))
  })

  it('moderation: the help page the page shows, and the handler', async () => {
    t = await createFakeApp({ plugins: [moderation], config: { superusers: ['1'] } })
    await t.app.plugins.loadBuiltin('help')
    await pm('/mute --help', 1)
    await pm('/help mute', 1)
    await t.receive(
      t.adapter.privateMessage(t.bot, {
        userId: 1,
        segments: [
          { type: 'text', data: { text: '/shutup ' } },
          { type: 'at', data: { qq: '42' } },
          { type: 'text', data: { text: ' 30 --reason spam' } },
        ],
      }),
    )
    const expected = textBlockAfter(page('commands.md'), '`/mute --help` (and')
    expect(t.texts()).toEqual([expected, expected, 'muted 42 for 30 min (spam)'])
  })

  it('games: cooldown, daily group quota with its own answer, silent global cooldown', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date(2026, 5, 1, 21, 0, 0))
    t = await createFakeApp({ plugins: [games], config: { database_url: 'sqlite::memory:' } })
    await pm('/slots')
    await pm('/slots')
    for (let i = 0; i < 21; i++) await t.receive(t.adapter.groupMessage(t.bot, { text: '/draw', userId: i }))
    await pm('/announce hello all', 1)
    await pm('/announce again', 2)
    const texts = t.texts()
    expect(texts.slice(0, 2)).toEqual(['🍒🍒🍋', 'Please wait 10s before using slots again.'])
    expect(texts.slice(2, 22)).toEqual(Array(20).fill('You drew the Fool.'))
    expect(texts.slice(22)).toEqual(['No more draws today, try in 3h.', 'hello all'])
  })

  it('every TypeScript snippet of docs/commands.md appears in this file', () => {
    const self = normalize(readFileSync(new URL(import.meta.url), 'utf8'))
    const blocks = [...page('commands.md').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!)
    expect(blocks.length).toBeGreaterThanOrEqual(3)
    for (const block of blocks) {
      const code = block
        .split('\n')
        .filter((line) => !line.startsWith('import '))
        .join('\n')
      expect(self.includes(normalize(code)), code).toBe(true)
    }
  })
})

function normalize(code: string): string {
  return code.replace(/\s+/g, ' ').trim()
}
