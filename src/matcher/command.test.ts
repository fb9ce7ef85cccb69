import { afterEach, describe, expect, it } from 'vitest'
import { pluginDefiner } from '../plugin/define-plugin.js'
import { createFakeApp, type FakeApp, type FakeRegistry } from '../testing/fake-adapter.js'

const definePlugin = pluginDefiner<FakeRegistry>()
let t: FakeApp
afterEach(async () => t?.stop())

const say = (text: string) => t.adapter.privateMessage(t.bot, { text })

describe('commands', () => {
  it('honours COMMAND_START (with an empty start), COMMAND_SEP sub-commands, aliases and groups', async () => {
    t = await createFakeApp({
      config: { command_start: ['/', '!', ''], command_sep: ['.', ' '] },
      plugins: [
        definePlugin({
          name: 'cmds',
          setup(ctx) {
            ctx.command('weather', { aliases: ['w', ['tianqi']] }, (c) =>
              c.send(
                `weather(${c.command.join('.')}) start=${JSON.stringify(c.commandStart)} raw=${c.rawCommand} args=${c.args}`,
              ),
            )
            const user = ctx.commandGroup('user', { priority: 5 })
            user.command('add', (c) => c.send(`add ${c.args} p${c.matcher.priority}`))
            user.command(['del', 'all'], (c) => c.send(`delete all ${c.args}`))
          },
        }),
      ],
    })
    await t.receive(say('/weather Paris'))
    await t.receive(say('!w Rome'))
    await t.receive(say('tianqi Oslo'))
    await t.receive(say('/user.add bob'))
    await t.receive(say('user add carl'))
    await t.receive(say('/user.del.all now'))
    await t.receive(say('/unknown'))
    await t.receive(say('say /weather'))
    expect(t.texts()).toEqual([
      'weather(weather) start="/" raw=/weather args=Paris',
      'weather(w) start="!" raw=!w args=Rome',
      'weather(tianqi) start="" raw=tianqi args=Oslo',
      'add bob p5',
      'add carl p5',
      'delete all now',
    ])
  })

  it('takes the longest command, keeps non-text segments in argsMessage, and forceWhitespace', async () => {
    t = await createFakeApp({
      plugins: [
        definePlugin({
          name: 'args',
          setup(ctx) {
            ctx.command('echo', (c) =>
              c.send(`echo:${c.args}|${c.argsMessage.length}|${c.commandWhitespace.length}`),
            )
            ctx.command('echoes', (c) => c.send(`echoes:${c.args}`))
            ctx.command('strict', { forceWhitespace: true }, (c) => c.send(`strict:${c.args}`))
          },
        }),
      ],
    })
    await t.receive(say('/echoes x'))
    await t.receive(say('/echohi'))
    await t.receive(
      t.adapter.privateMessage(t.bot, {
        segments: [
          { type: 'text', data: { text: '/echo  look ' } },
          { type: 'image', data: { file: 'a.png' } },
        ],
      }),
    )
    await t.receive(say('/strictx'))
    await t.receive(say('/strict x'))
    await t.receive(say('/strict'))
    expect(t.texts()).toEqual(['echoes:x', 'echo:hi|1|0', 'echo:look |2|2', 'strict:x', 'strict:'])
    const echoed = t.bot.sent[2]!.event.message!
    expect(echoed.at(1)).toEqual({ type: 'image', data: { file: 'a.png' } })
  })

  it('parses shell commands against the declared schema, with --help and errors delivered to the handler', async () => {
    t = await createFakeApp({
      plugins: [
        definePlugin({
          name: 'shell',
          setup(ctx) {
            ctx.shellCommand(
              'ls',
              {
                description: 'list files',
                positionals: ['path'],
                options: {
                  all: { type: 'boolean', short: 'a', description: 'show hidden' },
                  depth: { type: 'number', default: 1 },
                  tag: { type: 'string', multiple: true },
                },
              },
              (c) => {
                const shell = c.shell
                if (!shell.ok) return c.send(`exit ${shell.status}: ${shell.message}`)
                const { all, depth, tag } = shell.values
                return c.send(
                  `all=${all} depth=${depth + 0} tag=${tag?.join('+')} pos=${shell.positionals.join(',')}`,
                )
              },
            )
          },
        }),
      ],
    })
    await t.receive(say('/ls -a --depth 3 --tag x --tag "y z" src'))
    await t.receive(say('/ls'))
    await t.receive(say('/ls --depth deep'))
    await t.receive(say('/ls --bogus'))
    await t.receive(say('/ls --help'))
    await t.receive(say("/ls 'unclosed"))
    const [full, bare, badNumber, unknown, help, unclosed] = t.texts()
    expect(full).toBe('all=true depth=3 tag=x+y z pos=src')
    expect(bare).toBe('all=undefined depth=1 tag=undefined pos=')
    expect(badNumber).toMatch(/^exit 2: .*--depth expects a number/s)
    expect(unknown).toMatch(/^exit 2: .*bogus/s)
    expect(help).toContain('exit 0: usage: /ls [options] <path>')
    expect(help).toContain('-a, --all')
    expect(help).toContain('list files')
    expect(unclosed).toMatch(/^exit 2: .*unclosed/s)
  })
})

describe('text matchers', () => {
  it('regex exposes groups; startsWith/endsWith/fullMatch/keyword honour ignoreCase', async () => {
    t = await createFakeApp({
      plugins: [
        definePlugin({
          name: 'text',
          setup(ctx) {
            ctx.regex(/^roll (?<n>\d+)d(\d+)$/, { priority: 1 }, (c) =>
              c.send(`roll ${c.match.groups?.n} ${c.match[2]}`),
            )
            ctx.startsWith(['hey', 'yo'], { ignoreCase: true, priority: 2 }, (c) =>
              c.send(`starts ${c.matched}`),
            )
            ctx.endsWith('?', { priority: 3 }, (c) => c.send(`ends ${c.matched}`))
            ctx.fullMatch('PING', { ignoreCase: true, priority: 4 }, (c) => c.send(`full ${c.matched}`))
            ctx.keyword(['cat', 'dog'], { priority: 5 }, (c) => c.send(`keyword ${c.matched}`))
          },
        }),
      ],
    })
    for (const text of ['roll 2d6', 'HEY you', 'why?', 'ping', 'my dog', 'DOG', 'nothing'])
      await t.receive(say(text))
    expect(t.texts()).toEqual(['roll 2 6', 'starts HEY', 'ends ?', 'full ping', 'keyword dog'])
  })
})
