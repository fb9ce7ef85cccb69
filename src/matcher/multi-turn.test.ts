import { afterEach, describe, expect, it } from 'vitest'
import type { CancelledError } from '../errors.js'
import { pluginDefiner } from '../plugin/define-plugin.js'
import { createFakeApp, type FakeApp, type FakeRegistry } from '../testing/fake-adapter.js'

const definePlugin = pluginDefiner<FakeRegistry>()
let t: FakeApp
afterEach(async () => t?.stop())

describe('multi-turn conversations', () => {
  it('got asks for a missing argument and reject loops until the answer is valid', async () => {
    t = await createFakeApp({
      plugins: [
        definePlugin({
          name: 'ask',
          setup(ctx) {
            ctx
              .command('ask')
              .handle((c) => {
                if (c.args) c.setArg('name', c.argsMessage)
              })
              .got('name', 'name?', async (c) => {
                const name = c.argText('name')?.trim()
                if (!name) await c.rejectArg('name', 'empty, name?')
                await c.finish(`hello ${name}`)
              })
          },
        }),
      ],
    })
    const msg = (text: string) => t.adapter.privateMessage(t.bot, { text })
    await t.receive(msg('/ask'))
    expect(t.texts()).toEqual(['name?'])
    await t.receive(msg('  '))
    expect(t.texts()).toEqual(['name?', 'empty, name?'])
    await t.receive(msg(''))
    expect(t.texts()).toEqual(['name?', 'empty, name?', 'empty, name?'])
    await t.receive(msg('bob'))
    expect(t.texts()).toEqual(['name?', 'empty, name?', 'empty, name?', 'hello bob'])
    // The conversation is over: the next message is an ordinary one again.
    await t.receive(msg('carol'))
    expect(t.texts()).toHaveLength(4)
    // An argument given with the command skips the question.
    await t.receive(msg('/ask dave'))
    expect(t.texts().at(-1)).toBe('hello dave')
  })

  it('reject re-runs the handler with the next event; pause moves on to the next handler', async () => {
    const seen: string[] = []
    t = await createFakeApp({
      plugins: [
        definePlugin({
          name: 'flow',
          setup(ctx) {
            ctx
              .command('guess')
              .handle(async (c) => {
                seen.push(`guess:${c.plainText}`)
                if (c.plainText !== '42') await c.reject('wrong')
                await c.pause('right! now your name')
              })
              .handle(async (c) => {
                seen.push(`name:${c.plainText}`)
                await c.finish(`bye ${c.plainText}`)
              })
              .handle(() => void seen.push('never'))
          },
        }),
      ],
    })
    const msg = (text: string) => t.adapter.privateMessage(t.bot, { text })
    await t.receive(msg('/guess'))
    await t.receive(msg('7'))
    await t.receive(msg('42'))
    await t.receive(msg('ann'))
    expect(t.texts()).toEqual(['wrong', 'wrong', 'right! now your name', 'bye ann'])
    expect(seen).toEqual(['guess:/guess', 'guess:7', 'guess:42', 'name:ann'])
  })

  it('receive waits for the next event and keeps it', async () => {
    t = await createFakeApp({
      plugins: [
        definePlugin({
          name: 'recv',
          setup(ctx) {
            ctx.command('pair').receive('first', async (c) => {
              await c.finish(`got ${c.received('first')?.plainText} / last ${c.lastReceived?.plainText}`)
            })
          },
        }),
      ],
    })
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/pair' }))
    expect(t.texts()).toEqual([])
    await t.receive(t.adapter.privateMessage(t.bot, { text: 'apple' }))
    expect(t.texts()).toEqual(['got apple / last apple'])
  })

  it('prompt resolves with the next message of the same session only', async () => {
    t = await createFakeApp({
      plugins: [
        definePlugin({
          name: 'prompt',
          setup(ctx) {
            ctx.command('city', async (c) => {
              const city = c.args.trim() || (await c.prompt('Which city?'))
              await c.send(city ? `Weather in ${city}: sunny` : 'Cancelled.')
            })
            ctx.on('message', { priority: 9 }, (c) => c.send(`ordinary ${c.plainText}`))
          },
        }),
      ],
    })
    const other = t.adapter.connect('2')
    await t.receive(t.adapter.groupMessage(t.bot, { text: '/city', userId: 1, groupId: 5 }))
    expect(t.texts()).toEqual(['Which city?', 'ordinary /city'])
    // Same user id and group, but another bot: not this conversation (NoneBot lets it take the turn).
    await t.receive(t.adapter.groupMessage(other, { text: 'Rome', userId: 1, groupId: 5 }))
    expect(other.texts()).toEqual(['ordinary Rome'])
    // Another user in the same group: not this conversation either.
    await t.receive(t.adapter.groupMessage(t.bot, { text: 'Oslo', userId: 2, groupId: 5 }))
    expect(t.texts().at(-1)).toBe('ordinary Oslo')
    await t.receive(t.adapter.groupMessage(t.bot, { text: 'Paris', userId: 1, groupId: 5 }))
    expect(t.texts().at(-1)).toBe('Weather in Paris: sunny')
  })

  it('ends a conversation cleanly after SESSION_EXPIRE_TIMEOUT', async () => {
    const ended: string[] = []
    t = await createFakeApp({
      config: { session_expire_timeout: 0.05 },
      plugins: [
        definePlugin({
          name: 'slow',
          setup(ctx) {
            ctx
              .command('q')
              .got('answer', 'answer?', (c) => void ended.push(`answered ${c.argText('answer')}`))
            ctx.command('p', async (c) => {
              const reply = await c.prompt('say something', { timeout: 30 })
              ended.push(`prompt gave ${reply}`)
            })
            ctx.afterRun((c, error) => void ended.push(`afterRun ${c.matcher.name} ${error ?? 'ok'}`))
          },
        }),
      ],
    })
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/q', userId: 1 }))
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/p', userId: 2 }))
    // Both waits expire after 30 ms: poll until they have, instead of sleeping past them.
    await expect.poll(() => ended.length).toBe(3)
    expect(ended.sort()).toEqual(['afterRun command p ok', 'afterRun command q ok', 'prompt gave undefined'])
    // After expiry the next message starts fresh instead of answering the old question.
    await t.receive(t.adapter.privateMessage(t.bot, { text: 'late', userId: 1 }))
    expect(ended).toHaveLength(3)
  })

  it('a prompting matcher does not hold up lower priorities', async () => {
    const seen: string[] = []
    t = await createFakeApp({
      plugins: [
        definePlugin({
          name: 'nonblocking',
          setup(ctx) {
            ctx.command('wait', { priority: 1 }, async (c) => {
              seen.push(`answer ${await c.prompt('?')}`)
            })
            ctx.on('message', { priority: 2 }, (c) => void seen.push(`low ${c.plainText}`))
          },
        }),
      ],
    })
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/wait' }))
    expect(seen).toEqual(['low /wait'])
    await t.receive(t.adapter.privateMessage(t.bot, { text: 'yes' }))
    expect(seen).toEqual(['low /wait', 'answer yes'])
  })

  it('a swallowed finish still ends the matcher', async () => {
    const seen: string[] = []
    t = await createFakeApp({
      plugins: [
        definePlugin({
          name: 'swallow',
          setup(ctx) {
            ctx
              .command('s')
              .handle(async (c) => {
                try {
                  await c.finish('done')
                } catch {
                  seen.push('caught')
                }
              })
              .handle(() => void seen.push('second handler'))
          },
        }),
      ],
    })
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/s' }))
    expect(seen).toEqual(['caught'])
    expect(t.texts()).toEqual(['done'])
  })

  it('stop() cancels waiting conversations at once: the prompt rejects with CancelledError', async () => {
    const seen: (string | undefined)[] = []
    t = await createFakeApp({
      shutdownGraceMs: 10_000,
      plugins: [
        definePlugin({
          name: 'waiter',
          setup(ctx) {
            ctx.command('w', async (c) => {
              try {
                seen.push(await c.prompt('?', { timeout: 60_000 }))
              } catch (error) {
                seen.push(`${(error as CancelledError).code} ${(error as CancelledError).reason}`)
              }
            })
          },
        }),
      ],
    })
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/w' }))
    await t.stop()
    expect(seen).toEqual(['E_CANCELLED shutdown'])
  })
})
