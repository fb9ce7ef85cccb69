import { afterEach, describe, expect, it } from 'vitest'
import { superuser } from '../matcher/permission.js'
import { definePlugin } from '../plugin/define-plugin.js'
import { createFakeApp, type FakeApp } from '../testing/fake-adapter.js'

let t: FakeApp
afterEach(async () => t?.stop())

async function withBuiltins(config: Record<string, unknown> = {}) {
  t = await createFakeApp({ config })
  const results = await t.app.plugins.loadFromSection({ builtinPlugins: ['echo', 'help'] }, process.cwd())
  expect(results.every((r) => r.ok)).toBe(true)
}

const say = (text: string, userId = 10) => t.receive(t.adapter.privateMessage(t.bot, { text, userId }))

describe('built-in help plugin', () => {
  it('with builtinPlugins ["echo", "help"]: /help lists echo, /help echo shows its usage, /ehco hi suggests echo', async () => {
    await withBuiltins()
    await say('/help')
    await say('/help echo')
    await say('/ehco hi')
    expect(t.texts()).toEqual([
      [
        'Commands:',
        'echo: Repeats what you say after /echo',
        '  /echo <text>',
        'help: Lists the commands you can use and shows how to use them',
        '  /help [topic:rest]  Lists commands; /help <command> shows its usage',
        'Send /help <command> for details.',
      ].join('\n'),
      'Usage: /echo <text>',
      'Unknown command /ehco. Did you mean /echo?',
    ])
  })

  it('/help <command> shows usage, arguments, options, aliases and examples; unknown names say so', async () => {
    await withBuiltins()
    await t.app.plugins.load(
      definePlugin({
        name: 'dice',
        description: 'Dice games',
        setup(ctx) {
          ctx.cmd(
            'roll <count:integer> [sides:integer=6] -p, --private',
            {
              aliases: ['r'],
              description: 'Rolls dice',
              examples: ['/roll 2 20'],
              help: { count: 'how many' },
            },
            () => {},
          )
          ctx.cmd('dice.stats', () => {})
        },
      }),
    )
    await say('/help roll')
    await say('/help /r')
    await say('/help dice stats')
    await say('/help nothing')
    const roll = [
      'Usage: /roll <count:integer> [sides:integer=6] -p, --private',
      'Rolls dice',
      'Arguments:',
      '  count (integer)  how many',
      '  sides (integer, default 6)',
      'Options:',
      '  -p, --private',
      'Aliases: /r',
      'Examples:',
      '  /roll 2 20',
    ].join('\n')
    expect(t.texts()).toEqual([
      roll,
      roll,
      'Usage: /dice.stats',
      'No command "nothing" here. Send /help for the list.',
    ])
  })

  it('lists only what the asker may run, and pages long lists', async () => {
    await withBuiltins({ superusers: ['1'], help_page_size: 2 })
    await t.app.plugins.load(
      definePlugin({
        name: 'admin',
        setup(ctx) {
          ctx.command('reboot', { permission: superuser, description: 'Restarts the bot' }, () => {})
        },
      }),
    )
    await say('/help', 2)
    await say('/help', 1)
    await say('/help 2', 1)
    expect(t.texts()[0]).not.toContain('reboot')
    expect(t.texts()[0]).not.toContain('page')
    expect(t.texts()[1]).toContain('Commands (page 1/2):')
    expect(t.texts()[1]).toContain('Send /help 2 for the next page.')
    expect(t.texts()[2]).toBe(
      [
        'Commands (page 2/2):',
        'admin',
        '  /reboot  Restarts the bot',
        'Send /help <command> for details.',
      ].join('\n'),
    )
  })
})
