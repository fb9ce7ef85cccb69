// Every snippet of docs/sending.md, docs/http.md and docs/media.md lives here verbatim (imports
// aside) and is exercised below; the last test fails when a snippet no longer appears in this file.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { App } from '../app.js'
import { HttpError, UnreachableTarget } from '../errors.js'
import { universal } from '../message/universal.js'
import { definePlugin } from '../plugin/define-plugin.js'
import { createTestApp, type TestApp } from '../testing/kit/index.js'
import { v11Events, v12Events } from '../testing/simulator/index.js'

const morning = definePlugin({
  name: 'morning',
  setup(ctx) {
    ctx.command('announce', async (c) => {
      await ctx.sendTo({ group: '123456' }, `Announcement: ${c.args}`)
      await c.send('Announced.')
    })
  },
})

const status = definePlugin({
  name: 'status',
  setup(ctx) {
    ctx.command('bots', async (c) => {
      const all = ctx.bots().map((bot) => `${bot.adapter}:${bot.selfId}`)
      // Narrowed by adapter: V11Bot[] here, with its typed `api`.
      for (const bot of ctx.bots('onebot.v11')) await bot.api.get_status()
      await c.send(all.join(', '))
    })
  },
})

let API = ''

const prices = definePlugin({
  name: 'prices',
  setup(ctx) {
    ctx.command('price', async (c) => {
      try {
        const { price } = await ctx.http.get<{ price: number }>(`${API}/price`, {
          query: { coin: c.args || 'btc' },
          timeout: '5s',
        })
        await c.send(`Price: ${price}`)
      } catch (error) {
        if (error instanceof HttpError)
          await c.send(`The price service failed (${error.status ?? 'no answer'}).`)
        else throw error
      }
    })
  },
})

const catFile = join(mkdtempSync(join(tmpdir(), 'nbts-docs-')), 'cat.png')
writeFileSync(catFile, 'meow')

const daily = definePlugin({
  name: 'daily',
  setup(ctx) {
    ctx.command('cat', async (c) => {
      await c.send([
        universal.reply(c.event.message_id),
        universal.text('the daily cat: '),
        universal.image(catFile),
      ])
    })
  },
})

async function tryUnknownGroup(app: App): Promise<void> {
  try {
    await app.sendTo({ group: '999' }, 'hello?')
  } catch (error) {
    if (error instanceof UnreachableTarget) app.logger.warn(error.message)
  }
}

let t: TestApp | undefined
afterEach(async () => {
  await t?.stop()
  t = undefined
})

describe('docs/sending.md', () => {
  it('announce sends to the group, then answers', async () => {
    t = await createTestApp({ plugins: [morning] })
    t.sim.override('get_group_list', () => [{ group_id: 123456 }])
    await t.receive(v11Events.privateMessage({ text: '/announce lunch' }))
    t.shouldCallApi('get_group_list')
    t.shouldCallApi('send_group_msg', { group_id: 123456 })
    t.shouldSend('Announced.')
    expect(t.replies()).toEqual(['Announcement: lunch', 'Announced.'])
  })

  it('an unknown group is logged, not thrown', async () => {
    t = await createTestApp()
    const warnings: string[] = []
    const warn = t.app.logger.warn.bind(t.app.logger)
    t.app.logger.warn = ((msg: string) => {
      warnings.push(msg)
      return warn(msg)
    }) as typeof t.app.logger.warn
    await tryUnknownGroup(t.app)
    expect(warnings).toEqual([expect.stringContaining('cannot send to group 999')])
  })

  it('bots lists the connected bots', async () => {
    t = await createTestApp({ plugins: [status], botIds: [10001, 10002] })
    await t.receive(v11Events.privateMessage({ text: '/bots' }))
    expect([t.shouldCallApi('get_status').botId, t.shouldCallApi('get_status').botId]).toEqual([
      '10001',
      '10002',
    ])
    t.shouldSend('onebot.v11:10001, onebot.v11:10002')
  })
})

describe('docs/http.md', () => {
  it('price asks the API with the coin, and reports an error status', async () => {
    const server = createServer((req, res) => {
      if (req.url === '/price?coin=eth') res.end(JSON.stringify({ price: 3000 }))
      else res.writeHead(503).end('down')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    API = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      t = await createTestApp({ plugins: [prices] })
      await t.receive(v11Events.privateMessage({ text: '/price eth' }))
      t.shouldSend('Price: 3000')
      await t.receive(v11Events.privateMessage({ text: '/price' }))
      t.shouldSend('The price service failed (503).')
    } finally {
      server.closeAllConnections()
      server.close()
    }
  })
})

describe('docs/media.md', () => {
  it('the daily cat goes to V11 and V12 alike', async () => {
    t = await createTestApp({ plugins: [daily] })
    await t.receive(v11Events.privateMessage({ text: '/cat', messageId: 5 }))
    t.shouldSend([
      { type: 'reply', data: { id: '5' } },
      { type: 'text', data: { text: 'the daily cat: ' } },
      { type: 'image', data: { file: `base64://${Buffer.from('meow').toString('base64')}` } },
    ])
    await t.stop()
    t = await createTestApp({
      plugins: [daily],
      adapter: 'onebot.v12',
      actions: { upload_file: () => ({ file_id: 'cat-1' }) },
    })
    await t.receive(v12Events.privateMessage({ text: '/cat', messageId: 'm5' }))
    t.shouldCallApi('upload_file', { type: 'data', name: 'cat.png' })
    t.shouldSend([
      { type: 'reply', data: { message_id: 'm5' } },
      { type: 'text', data: { text: 'the daily cat: ' } },
      { type: 'image', data: { file_id: 'cat-1' } },
    ])
  })
})

it('every TypeScript snippet of the service pages appears in this file', () => {
  const self = normalize(readFileSync(new URL(import.meta.url), 'utf8'))
  for (const page of ['sending.md', 'http.md', 'media.md']) {
    const text = readFileSync(new URL(`../../docs/${page}`, import.meta.url), 'utf8')
    const snippets = [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) =>
      m[1]!
        .split('\n')
        .filter((line) => !line.startsWith('import '))
        .join('\n'),
    )
    expect(snippets.length).toBeGreaterThan(0)
    for (const snippet of snippets)
      expect(self, `${page} snippet not found:\n${snippet}`).toContain(normalize(snippet))
  }
})

function normalize(code: string): string {
  return code.replace(/\s+/g, ' ').trim()
}
