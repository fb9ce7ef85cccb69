import { afterEach, describe, expect, it } from 'vitest'
import { pluginDefiner } from '../plugin/define-plugin.js'
import { createFakeApp, type FakeApp, type FakeRegistry } from '../testing/fake-adapter.js'
import type { RunOutcome } from './run.js'

const definePlugin = pluginDefiner<FakeRegistry>()
let t: FakeApp
afterEach(async () => t?.stop())

async function start(): Promise<{ outcomes: string[]; raw: RunOutcome[] }> {
  t = await createFakeApp({
    config: { session_expire_timeout: 0.2 },
    plugins: [
      definePlugin({
        name: 'turns',
        setup(ctx) {
          ctx
            .command('ask', { name: 'ask' })
            .got('name', 'name?', async (c) => {
              if (c.argText('name') === 'x') await c.rejectArg('name', 'again?')
              await c.pause('sure?')
            })
            .handle((c) => c.finish(`ok ${c.argText('name')}`))
          ctx.command('prompt', { name: 'prompt' }, async (c) => {
            const answer = await c.prompt('what?')
            await c.send(`got ${answer}`)
          })
          ctx.command('boom', { name: 'boom' }, () => {
            throw new Error('boom')
          })
        },
      }),
    ],
  })
  const raw: RunOutcome[] = []
  const outcomes: string[] = []
  t.app.plugins.dispatcher.runListeners.add((o) => {
    raw.push(o)
    outcomes.push(`${o.matcher.name}:${o.kind}`)
  })
  return { outcomes, raw }
}

describe('run outcomes', () => {
  it('reports rejected, paused and finished turns in order, after the prompt is sent', async () => {
    const { outcomes } = await start()
    const msg = (text: string) => t.adapter.privateMessage(t.bot, { text })
    await t.receive(msg('/ask'))
    expect(outcomes).toEqual(['ask:rejected'])
    expect(t.texts()).toEqual(['name?'])
    await t.receive(msg('x'))
    expect(outcomes).toEqual(['ask:rejected', 'ask:rejected'])
    await t.receive(msg('y'))
    expect(outcomes.at(-1)).toBe('ask:paused')
    await t.receive(msg('yes'))
    expect(outcomes.at(-1)).toBe('ask:finished')
    expect(t.texts().at(-1)).toBe('ok y')
  })

  it('an awaited prompt is paused; a throwing handler is failed with its error', async () => {
    const { outcomes, raw } = await start()
    const msg = (text: string) => t.adapter.privateMessage(t.bot, { text })
    await t.receive(msg('/prompt'))
    expect(outcomes).toEqual(['prompt:paused'])
    await t.receive(msg('blue'))
    expect(outcomes).toEqual(['prompt:paused', 'prompt:finished'])
    await t.receive(msg('/boom'))
    expect(outcomes.at(-1)).toBe('boom:failed')
    expect(raw.at(-1)?.error).toEqual(new Error('boom'))
  })

  it('a conversation with no answer ends as expired, not finished', async () => {
    const { outcomes } = await start()
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/ask' }))
    await expect.poll(() => outcomes).toEqual(['ask:rejected', 'ask:expired'])
  })
})
