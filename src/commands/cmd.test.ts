import { afterEach, describe, expect, it } from 'vitest'
import { definePlugin } from '../plugin/define-plugin.js'
import { createFakeApp, type FakeApp } from '../testing/fake-adapter.js'

let t: FakeApp
afterEach(async () => t?.stop())

async function appWith(setup: Parameters<typeof definePlugin>[0]['setup'], config = {}) {
  t = await createFakeApp({ config })
  const result = await t.app.plugins.load(definePlugin({ name: 'dice', setup }))
  if (!result.ok) throw result.error
  return t
}

describe('ctx.cmd: typed arguments', () => {
  it('converts arguments and options and fills defaults', async () => {
    const seen: unknown[] = []
    await appWith((ctx) => {
      ctx.cmd('roll <count:integer> [sides:number=6] -p, --private --times <n:integer=1>', (c) => {
        seen.push({ args: c.args, opts: c.opts })
      })
    })
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/roll 2' }))
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/roll 3 20 -p --times 4' }))
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/roll --private 1 --times=2 8.5' }))
    expect(seen).toEqual([
      { args: { count: 2, sides: 6 }, opts: { private: false, times: 1 } },
      { args: { count: 3, sides: 20 }, opts: { private: true, times: 4 } },
      { args: { count: 1, sides: 8.5 }, opts: { private: true, times: 2 } },
    ])
    expect(t.texts()).toEqual([])
  })

  it('answers a parse error with what was wrong and the usage line, and never runs the handler', async () => {
    let ran = 0
    await appWith((ctx) => {
      ctx.cmd('roll <count:integer> [sides:number=6] --private', () => {
        ran++
      })
    })
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/roll abc' }))
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/roll' }))
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/roll 1 2 3' }))
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/roll 1 --loud' }))
    const usage = 'Usage: /roll <count:integer> [sides:number=6] --private'
    expect(t.texts()).toEqual([
      `count: "abc" is not a whole number\n${usage}`,
      `missing <count>\n${usage}`,
      `unexpected argument "3"\n${usage}`,
      `unknown option --loud\n${usage}`,
    ])
    expect(ran).toBe(0)
  })

  it('answers -h and --help with the help page', async () => {
    let ran = 0
    await appWith((ctx) => {
      ctx.cmd(
        'roll <count:integer> [sides:number=6] -p, --private',
        {
          description: 'Rolls dice',
          aliases: ['dice'],
          examples: ['/roll 2 20'],
          help: { count: 'how many dice', private: 'answer in private' },
        },
        () => {
          ran++
        },
      )
    })
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/roll -h' }))
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/dice --help' }))
    const page = [
      'Usage: /roll <count:integer> [sides:number=6] -p, --private',
      'Rolls dice',
      'Arguments:',
      '  count (integer)  how many dice',
      '  sides (number, default 6)',
      'Options:',
      '  -p, --private  answer in private',
      'Aliases: /dice',
      'Examples:',
      '  /roll 2 20',
    ].join('\n')
    expect(t.texts()).toEqual([page, page])
    expect(ran).toBe(0)
  })

  it('reads mentions as user ids, images, booleans and the rest of the message', async () => {
    const seen: unknown[] = []
    await appWith((ctx) => {
      ctx.cmd('ban <who:user> <on:boolean> [reason:rest]', (c) => {
        seen.push(c.args)
      })
      ctx.cmd('avatar <picture:image> [caption:message]', (c) => {
        seen.push({ url: c.args.picture.url, file: c.args.picture.file, caption: c.args.caption?.toJSON() })
      })
    })
    await t.receive(
      t.adapter.privateMessage(t.bot, {
        segments: [
          { type: 'text', data: { text: '/ban ' } },
          { type: 'at', data: { qq: '42' } },
          { type: 'text', data: { text: ' yes spamming  --all day ' } },
        ],
      }),
    )
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/ban @43 off' }))
    await t.receive(
      t.adapter.privateMessage(t.bot, {
        segments: [
          { type: 'text', data: { text: '/avatar' } },
          { type: 'image', data: { file: 'a.png', url: 'http://x/a.png' } },
          { type: 'text', data: { text: ' me ' } },
          { type: 'face', data: { id: '1' } },
        ],
      }),
    )
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/avatar nope' }))
    expect(seen).toEqual([
      { who: '42', on: true, reason: 'spamming  --all day' },
      { who: '43', on: false, reason: undefined },
      {
        url: 'http://x/a.png',
        file: 'a.png',
        caption: [
          { type: 'text', data: { text: 'me ' } },
          { type: 'face', data: { id: '1' } },
        ],
      },
    ])
    expect(t.texts()).toEqual([
      'picture: expected an image, got "nope"\nUsage: /avatar <picture:image> [caption:message]',
    ])
  })

  it('keeps sub-commands (admin.reload and admin reload), aliases and command groups working', async () => {
    const seen: unknown[] = []
    await appWith((ctx) => {
      ctx.cmd('admin.reload [what]', { aliases: ['rl'] }, (c) => {
        seen.push([c.command, c.args.what])
      })
      ctx.commandGroup('user').cmd('add <id:integer>', (c) => {
        seen.push([c.command, c.args.id])
      })
    })
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/admin.reload all' }))
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/admin reload x' }))
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/rl' }))
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/user.add 7' }))
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/user add 8' }))
    expect(seen).toEqual([
      [['admin', 'reload'], 'all'],
      [['admin reload'], 'x'],
      [['rl'], undefined],
      [['user', 'add'], 7],
      [['user add'], 8],
    ])
  })

  it('wants whitespace after the name, and leaves ctx.command with string args alone', async () => {
    const seen: unknown[] = []
    await appWith((ctx) => {
      ctx.cmd('roll [n:integer]', (c) => {
        seen.push(c.args.n)
      })
      ctx.command('say', (c) => {
        seen.push(c.args)
      })
    })
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/roll2' }))
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/roll 2' }))
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/say -h <x>' }))
    expect(seen).toEqual([2, '-h <x>'])
  })

  it('with forceWhitespace: false, text may follow the name directly, and a space still works', async () => {
    const seen: unknown[] = []
    await appWith((ctx) => {
      ctx.cmd('d <n:integer>', { forceWhitespace: false }, (c) => {
        seen.push(c.args.n)
      })
    })
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/d20' }))
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/d 6' }))
    expect(seen).toEqual([20, 6])
  })

  it('refuses a malformed declaration at registration, naming the problem', async () => {
    t = await createFakeApp()
    const result = await t.app.plugins.load(
      definePlugin({
        name: 'bad',
        setup(ctx) {
          ctx.cmd('roll <count:float>')
        },
      }),
    )
    expect(result.ok).toBe(false)
    expect(!result.ok && result.error.message).toContain('unknown type "float" in <count:float>')
  })
})
