import { afterEach, describe, expect, it, onTestFinished } from 'vitest'
import { superuser } from '../matcher/permission.js'
import { definePlugin } from '../plugin/define-plugin.js'
import { createFakeApp, type FakeApp } from '../testing/fake-adapter.js'
import { createTestApp, v11Events } from '../testing/index.js'
import { echo } from './echo.js'
import { help } from './help.js'

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

describe('help as a merged-forward message', () => {
  it('folds a long list into one forward message where the bot can send one', async () => {
    await withBuiltins({ help_page_size: 1 })
    const forwarded: unknown[][] = []
    t.bot.sendForward = async (_event, messages) => {
      forwarded.push([...messages])
    }
    await say('/help')
    await say('/help 2')
    expect(forwarded).toEqual([
      [
        'Commands (page 1/2):\necho: Repeats what you say after /echo\n  /echo <text>',
        'Commands (page 2/2):\nhelp: Lists the commands you can use and shows how to use them\n  /help [topic:rest]  Lists commands; /help <command> shows its usage',
      ],
    ])
    expect(t.texts()).toEqual([expect.stringContaining('Commands (page 2/2):')])
  })

  it('sends the pages when the forward is refused, and not at all with HELP_FORWARD=false', async () => {
    await withBuiltins({ help_page_size: 1 })
    t.bot.sendForward = async () => {
      throw new Error('not supported')
    }
    await say('/help')
    expect(t.texts()).toEqual([expect.stringContaining('Send /help 2 for the next page.')])
    await t.stop()
    await withBuiltins({ help_page_size: 1, help_forward: false })
    let called = false
    t.bot.sendForward = async () => {
      called = true
    }
    await say('/help')
    expect(called).toBe(false)
    expect(t.texts()).toEqual([expect.stringContaining('Commands (page 1/2):')])
  })

  it('OneBot V11 sends send_private_forward_msg / send_group_forward_msg with one node per page', async () => {
    const kit = await createTestApp({ plugins: [echo, help], config: { help_page_size: 1 } })
    onTestFinished(() => kit.stop())
    kit.answer('send_private_forward_msg', { message_id: 1, forward_id: 'f1' })
    kit.answer('send_group_forward_msg', { message_id: 2, forward_id: 'f2' })
    await kit.receive(v11Events.privateMessage({ text: '/help' }))
    const call = kit.shouldCallApi('send_private_forward_msg', { user_id: 20002 })
    const nodes = call.params.messages as { type: string; data: { content: unknown; uin: unknown } }[]
    expect(nodes).toHaveLength(2)
    expect(nodes[0]).toMatchObject({
      type: 'node',
      data: { uin: '10001', content: [{ type: 'text', data: { text: expect.stringContaining('/echo') } }] },
    })
    await kit.receive(v11Events.groupMessage({ text: '/help', atBot: true }))
    kit.shouldCallApi('send_group_forward_msg')
    kit.shouldDoNothingElse()
  })
})
