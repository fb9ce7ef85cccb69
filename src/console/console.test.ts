import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { App } from '../app.js'
import { defaultRunDeps } from '../cli/deps.js'
import type { NonebotSection } from '../cli/nonebot-section.js'
import { type RunningBot, startBot } from '../cli/start-bot.js'
import { definePlugin } from '../plugin/define-plugin.js'
import { createSimulator } from '../testing/simulator/index.js'

const running: RunningBot[] = []
const dirs: string[] = []
afterEach(async () => {
  for (const bot of running.splice(0)) await bot.app.stop()
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

const greeter = definePlugin({
  name: 'greeter',
  description: 'Greets',
  config: {
    greeting: z.string().min(2).default('hello').describe('at least two characters'),
    greet_times: z.number().int().min(1).default(1),
  },
  setup(ctx, config) {
    ctx.command('greet', (c) => c.send(config.greeting.repeat(config.greet_times)))
  },
})

/** A bot directory with the echo plugin and a plugin with config, started on port 0. */
async function bot(env: Record<string, string> = {}) {
  const cwd = await mkdtemp(join(tmpdir(), 'nbts-console-'))
  dirs.push(cwd)
  await writeFile(join(cwd, 'package.json'), JSON.stringify({ nonebot: { builtinPlugins: ['echo'] } }))
  await writeFile(join(cwd, '.env'), 'PORT=0\nLOG_LEVEL=INFO\n')
  const deps = {
    ...defaultRunDeps,
    loadPlugins: async (app: App, section: NonebotSection, dir: string) => {
      await defaultRunDeps.loadPlugins(app, section, dir)
      await app.plugins.load(greeter)
    },
  }
  const started = await startBot({ cwd, env: { ...env }, logDestination: { write() {} } }, deps)
  running.push(started)
  const address = started.app.driver.server!.address()!
  const base = `http://127.0.0.1:${address.port}`
  return { ...started, cwd, base, port: address.port }
}

async function connectSim(port: number) {
  const sim = createSimulator({
    version: 11,
    mode: 'ws-reverse',
    url: `ws://127.0.0.1:${port}/onebot/v11/ws`,
  })
  await sim.start()
  await sim.waitConnected({ timeoutMs: 10_000 })
  return sim
}

function metric(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels))
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0
}

describe('metrics and health', () => {
  it('counts 20 echoed messages in /metrics, with API calls and the connected bot', async () => {
    const b = await bot()
    const before = await (await fetch(`${b.base}/metrics`)).text()
    const sim = await connectSim(b.port)
    try {
      for (let i = 0; i < 20; i++) {
        await sim.sendMessage(undefined, `/echo ${i}`)
        await sim.nextAction('send_private_msg', { timeoutMs: 10_000 })
      }
      const res = await fetch(`${b.base}/metrics`)
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
      const after = await res.text()
      const labels = 'adapter="onebot.v11",kind="message"'
      expect(
        metric(after, 'nonebot_events_received_total', labels) -
          metric(before, 'nonebot_events_received_total', labels),
      ).toBeGreaterThanOrEqual(20)
      // The simulator sees the call before the bot sees its answer: poll for the last one.
      await expect
        .poll(async () =>
          metric(
            await (await fetch(`${b.base}/metrics`)).text(),
            'nonebot_api_calls_total',
            'action="send_private_msg",outcome="ok"',
          ),
        )
        .toBe(20)
      expect(metric(after, 'nonebot_bots_connected', 'adapter="onebot.v11"')).toBe(1)
      expect(after).toMatch(/nonebot_handler_duration_seconds_count \d+/)
      expect(after).toContain('nonebot_process_resident_memory_bytes')
    } finally {
      await sim.close()
    }
  })

  it('healthz is up at once; readyz waits for a forward WebSocket to be reached', async () => {
    const b = await bot({ ONEBOT_WS_URLS: '["ws://127.0.0.1:9/"]' })
    expect((await fetch(`${b.base}/healthz`)).status).toBe(200)
    const ready = await fetch(`${b.base}/readyz`)
    expect(ready.status).toBe(503)
    expect(await ready.json()).toMatchObject({ started: true, waitingFor: ['forward-ws ws://127.0.0.1:9/'] })
  })
})

describe('the console', () => {
  it('answers 401 without CONSOLE_TOKEN, and lets the token in by header or by login', async () => {
    const b = await bot({ CONSOLE_TOKEN: 's3cret-token' })
    expect((await fetch(`${b.base}/console/api/overview`)).status).toBe(401)
    const page = await fetch(`${b.base}/console/`)
    expect(page.status).toBe(401)
    expect(await page.text()).toContain('name="token"')
    const bearer = await fetch(`${b.base}/console/api/overview`, {
      headers: { authorization: 'Bearer s3cret-token' },
    })
    expect(bearer.status).toBe(200)
    expect(
      (await fetch(`${b.base}/console/api/overview`, { headers: { authorization: 'Bearer wrong' } })).status,
    ).toBe(401)

    const wrong = await fetch(`${b.base}/console/login`, {
      method: 'POST',
      body: 'token=nope',
      redirect: 'manual',
    })
    expect(wrong.status).toBe(401)
    const login = await fetch(`${b.base}/console/login`, {
      method: 'POST',
      body: 'token=s3cret-token',
      redirect: 'manual',
    })
    expect(login.status).toBe(303)
    const cookie = login.headers.get('set-cookie')!
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict/)
    expect(cookie).not.toContain('s3cret-token')
    const session = cookie.split(';')[0]!
    expect((await fetch(`${b.base}/console/api/plugins`, { headers: { cookie: session } })).status).toBe(200)
  })

  it('refuses changes from another site, and without the console header', async () => {
    const b = await bot()
    const body = JSON.stringify({ name: 'echo', action: 'disable' })
    const noHeader = await fetch(`${b.base}/console/api/plugins`, { method: 'POST', body })
    expect(noHeader.status).toBe(403)
    const crossSite = await fetch(`${b.base}/console/api/plugins`, {
      method: 'POST',
      body,
      headers: { 'x-console': '1', origin: 'http://evil.example' },
    })
    expect(crossSite.status).toBe(403)
    expect(b.app.plugins.get('echo')).toBeDefined()
  })

  it('is off on a public HOST without a token', async () => {
    const { readConsoleSettings } = await import('./options.js')
    const { ConfigStore } = await import('../config/store.js')
    expect(readConsoleSettings(new ConfigStore({}), '0.0.0.0').enabled).toBe(false)
    expect(readConsoleSettings(new ConfigStore({ console: 'on' }), '0.0.0.0').enabled).toBe(false)
    expect(readConsoleSettings(new ConfigStore({ console_token: 't' }), '0.0.0.0').enabled).toBe(true)
    expect(readConsoleSettings(new ConfigStore({}), '127.0.0.1').enabled).toBe(true)
    expect(readConsoleSettings(new ConfigStore({ console: 'off' }), '127.0.0.1').enabled).toBe(false)
  })

  it('disables a plugin (its command stops answering) and enables it again', async () => {
    const b = await bot()
    const sim = await connectSim(b.port)
    const change = (payload: unknown) =>
      fetch(`${b.base}/console/api/plugins`, {
        method: 'POST',
        body: JSON.stringify(payload),
        headers: { 'x-console': '1', 'content-type': 'application/json' },
      })
    try {
      expect((await change({ name: 'echo', action: 'disable' })).status).toBe(200)
      await sim.sendMessage(undefined, '/echo nobody hears')
      await sim.sendMessage(undefined, '/greet')
      await sim.nextAction('send_private_msg', { timeoutMs: 10_000 })
      expect(sim.sentTexts()).toEqual(['hello'])
      const listed = (await (await fetch(`${b.base}/console/api/plugins`)).json()) as {
        name: string
        enabled: boolean
      }[]
      expect(listed.find((p) => p.name === 'echo')?.enabled).toBe(false)
      expect((await change({ name: 'echo', action: 'enable' })).status).toBe(200)
      await sim.sendMessage(undefined, '/echo back')
      await sim.nextAction('send_private_msg', { timeoutMs: 10_000 })
      expect(sim.sentTexts()).toEqual(['hello', 'back'])
    } finally {
      await sim.close()
    }
  })

  it('edits plugin config through its schema: a bad value is refused, a good one is written to .env', async () => {
    const b = await bot()
    const configure = (values: Record<string, unknown>) =>
      fetch(`${b.base}/console/api/plugins/config`, {
        method: 'POST',
        body: JSON.stringify({ name: 'greeter', values }),
        headers: { 'x-console': '1', 'content-type': 'application/json' },
      })
    const plugins = (await (await fetch(`${b.base}/console/api/plugins`)).json()) as {
      name: string
      config: { key: string; type: string }[]
    }[]
    expect(plugins.find((p) => p.name === 'greeter')?.config).toEqual([
      expect.objectContaining({ key: 'GREETING', type: 'string', description: 'at least two characters' }),
      expect.objectContaining({ key: 'GREET_TIMES', type: 'number' }),
    ])
    const bad = await configure({ GREETING: 'x' })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toEqual({ errors: { GREETING: 'at least two characters' } })
    expect(await readFile(join(b.cwd, '.env'), 'utf8')).not.toContain('GREETING')

    expect((await configure({ GREETING: 'hi', GREET_TIMES: 2 })).status).toBe(200)
    const env = await readFile(join(b.cwd, '.env'), 'utf8')
    expect(env).toContain('\nGREETING=hi\n')
    expect(env).toContain('\nGREET_TIMES=2\n')
    const sim = await connectSim(b.port)
    try {
      await sim.sendMessage(undefined, '/greet')
      await sim.nextAction('send_private_msg', { timeoutMs: 10_000 })
      expect(sim.sentTexts()).toEqual(['hihi'])
    } finally {
      await sim.close()
    }
  })

  it('chats with the bot through the sandbox, and shows the bot with its last message', async () => {
    const b = await bot()
    const post = (body: unknown) =>
      fetch(`${b.base}/console/api/sandbox`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'x-console': '1', 'content-type': 'application/json' },
      })
    expect(
      (await post({ text: '@bot /echo hi there', userId: '42', groupId: '7', role: 'admin' })).status,
    ).toBe(200)
    await expect
      .poll(
        async () =>
          (await (await fetch(`${b.base}/console/api/sandbox`)).json()) as { from: string; text: string }[],
        {
          timeout: 10_000,
        },
      )
      .toContainEqual(expect.objectContaining({ from: 'bot', text: 'hi there' }))
    expect((await post({ text: '/poke', userId: '42' })).status).toBe(200)
    const bots = (await (await fetch(`${b.base}/console/api/bots`)).json()) as {
      selfId: string
      connected: boolean
      messageAgeSeconds: number | null
      connection: string | null
    }[]
    expect(bots).toEqual([
      expect.objectContaining({
        selfId: '1000000001',
        connected: true,
        messageAgeSeconds: expect.any(Number),
      }),
    ])
    expect(bots[0]?.connection).toMatch(/WebSocket/)
  })
})
