// Every snippet of docs/lifecycle.md lives here verbatim (imports aside) and is exercised below;
// the last test fails when a snippet of that page no longer appears in this file.
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { type CancelledError, definePlugin, superuser } from '../../src/index.js'
import { createTestApp, type TestApp, v11Events } from '../../src/testing/index.js'

/** The forecast service of the snippet: answers only when told to, and honours the signal. */
let answerForecast: ((text: string) => void) | undefined
const lookups: string[] = []
function lookup(city: string, options: { signal: AbortSignal }): Promise<string> {
  return new Promise((resolve, reject) => {
    answerForecast = resolve
    options.signal.addEventListener('abort', () => {
      lookups.push(`lookup of ${city} aborted: ${(options.signal.reason as CancelledError).reason}`)
      reject(options.signal.reason)
    })
  })
}

const ticker = definePlugin({
  name: 'ticker',
  setup(ctx) {
    ctx.setInterval(() => ctx.logger.info('tick'), 60_000) // cleared on unload
    ctx.onDispose(() => ctx.logger.info('ticker unloaded'))
  },
})

const askAge = definePlugin({
  name: 'ask-age',
  setup(ctx) {
    ctx.command('age', async (c) => {
      const answer = await c.prompt('How old are you?') // rejects with CancelledError on unload or stop
      if (answer === undefined) return c.finish('Too slow.') // only after SESSION_EXPIRE_TIMEOUT
      await c.send(`You are ${answer}.`)
    })
    ctx.command('forecast', async (c) => {
      const forecast = await lookup(c.args, { signal: c.signal })
      await c.send(forecast)
    })
  },
})

const dice = definePlugin({
  name: 'dice',
  setup(ctx) {
    ctx.command('roll', (c) => {
      const sides = Number(c.args)
      if (!sides) return c.finish('usage: /roll <sides>')
      return c.send(`Rolling a ${sides}-sided die.`)
    })
  },
})

const moderation = definePlugin({
  name: 'moderation',
  setup(ctx) {
    ctx.command('ban', { permission: superuser, onRefused: 'Only superusers can do this.' }, (c) =>
      c.send(`Banned ${c.args}.`),
    )
  },
})

let t: TestApp | undefined
afterEach(async () => {
  await t?.stop()
  t = undefined
})

describe('lifecycle guide snippets', () => {
  it('ticker: its timer and dispose callback go with the plugin', async () => {
    t = await createTestApp({ plugins: [ticker] })
    expect(await t.app.plugins.unload('ticker')).toBe(true)
    expect(t.app.plugins.get('ticker')).toBeUndefined()
  })

  it('ask-age: an answer, and no "Too slow." when the app stops', async () => {
    t = await createTestApp({ plugins: [askAge] })
    await t.say('/age')
    t.shouldSend('How old are you?')
    await t.say('42')
    t.shouldSend('You are 42.')
    await t.say('/age')
    t.shouldSend('How old are you?')
    await t.app.stop()
    t.shouldDoNothingElse()
  })

  it('ask-age: c.signal goes to the lookup; an unload past the bound aborts it', async () => {
    t = await createTestApp({ plugins: [askAge], shutdownGraceMs: 20 })
    await t.sim.send(v11Events.privateMessage({ text: '/forecast Paris' }))
    await expect.poll(() => answerForecast !== undefined).toBe(true)
    answerForecast!('Paris: sunny')
    await expect.poll(() => t!.sim.sentTexts()).toEqual(['Paris: sunny'])
    answerForecast = undefined
    await t.sim.send(v11Events.privateMessage({ text: '/forecast Oslo' }))
    await expect.poll(() => answerForecast !== undefined).toBe(true)
    await t.app.plugins.unload('ask-age')
    expect(lookups).toEqual(['lookup of Oslo aborted: unload'])
  })

  it('dice: finish ends the handler; the usage is sent once', async () => {
    t = await createTestApp({ plugins: [dice] })
    await t.say('/roll')
    t.shouldSend('usage: /roll <sides>')
    t.shouldDoNothingElse()
    await t.say('/roll 6')
    t.shouldSend('Rolling a 6-sided die.')
  })

  it('moderation: a refused user is told, a superuser is obeyed, other messages get nothing', async () => {
    t = await createTestApp({ plugins: [moderation], config: { superusers: ['99'] } })
    await t.receive(v11Events.privateMessage({ text: '/ban 42', userId: 10 }))
    t.shouldSend('Only superusers can do this.')
    await t.receive(v11Events.privateMessage({ text: '/ban 42', userId: 99 }))
    t.shouldSend('Banned 42.')
    await t.receive(v11Events.privateMessage({ text: 'hello', userId: 10 }))
    t.shouldDoNothingElse()
  })

  it('every TypeScript snippet of docs/lifecycle.md appears in this file', () => {
    const page = readFileSync(new URL('../../docs/lifecycle.md', import.meta.url), 'utf8')
    const self = normalize(readFileSync(new URL(import.meta.url), 'utf8'))
    const blocks = [...page.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!)
    expect(blocks.length).toBe(4)
    for (const block of blocks) {
      const code = block
        .split('\n')
        .filter((line) => !line.startsWith('import '))
        .join('\n')
      expect(self, code).toContain(normalize(code))
    }
  })
})

function normalize(code: string): string {
  return code.replace(/\s+/g, ' ').trim()
}
