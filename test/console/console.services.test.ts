import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { z } from 'zod'
import type { App } from '../../src/app.js'
import { defaultRunDeps } from '../../src/cli/deps.js'
import type { NonebotSection } from '../../src/cli/nonebot-section.js'
import { type RunningBot, startBot } from '../../src/cli/start-bot.js'
import { definePlugin } from '../../src/plugin/define-plugin.js'
import { createSimulator, type Simulator } from '../../src/testing/simulator/index.js'
import { CHROMIUM_ARGS, services } from '../services/env.js'

/**
 * The console in a real browser (Debian's Chromium through playwright-core): log in with the
 * token, watch a simulated bot connect, chat in the sandbox, disable a plugin, and have a bad
 * config value refused. NBTS_SCREENSHOTS=docs/console writes the pages' screenshots for the docs.
 */
const TOKEN = 'browser-test-token'
const shots = process.env.NBTS_SCREENSHOTS

const greeter = definePlugin({
  name: 'greeter',
  description: 'Greets whoever asks',
  usage: '/greet',
  config: {
    greeting: z.string().min(2).default('hello').describe('at least two characters'),
    greet_times: z.number().int().min(1).default(1).describe('how many times'),
  },
  setup(ctx, config) {
    ctx.command('greet', (c) => c.send(config.greeting.repeat(config.greet_times)))
  },
})

let bot: RunningBot
let browser: Browser
let page: Page
let sim: Simulator
let cwd: string
let base: string

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'nbts-console-browser-'))
  await writeFile(join(cwd, 'package.json'), JSON.stringify({ nonebot: { builtinPlugins: ['echo'] } }))
  await writeFile(join(cwd, '.env'), `PORT=0\nCONSOLE_TOKEN=${TOKEN}\n`)
  const deps = {
    ...defaultRunDeps,
    loadPlugins: async (app: App, section: NonebotSection, dir: string) => {
      await defaultRunDeps.loadPlugins(app, section, dir)
      await app.plugins.load(greeter)
    },
  }
  bot = await startBot({ cwd, env: {}, logDestination: { write() {} } }, deps)
  const port = bot.app.driver.server!.address()!.port
  base = `http://127.0.0.1:${port}`
  browser = await chromium.launch({ executablePath: services.chromium, args: CHROMIUM_ARGS })
  page = await browser.newPage({ viewport: { width: 1200, height: 800 } })
  sim = createSimulator({ version: 11, mode: 'ws-reverse', url: `ws://127.0.0.1:${port}/onebot/v11/ws` })
  if (shots) await mkdir(shots, { recursive: true })
})

afterAll(async () => {
  await sim?.close()
  await browser?.close()
  await bot?.app.stop()
  if (cwd) await rm(cwd, { recursive: true, force: true })
})

async function shot(name: string): Promise<void> {
  if (shots) await page.screenshot({ path: join(shots, `${name}.png`) })
}

it('asks for the token, and logs in with it', async () => {
  const res = await page.goto(`${base}/console/`)
  expect(res?.status()).toBe(401)
  await shot('login')
  await page.fill('input[name=token]', 'wrong')
  await page.click('button[type=submit]')
  await expect.poll(() => page.textContent('body')).toContain('does not match')
  await page.fill('input[name=token]', TOKEN)
  await page.click('button[type=submit]')
  await page.waitForSelector('#events-total')
  expect(await page.textContent('h1')).toBe('Overview')
  // The API refuses a request without the session cookie.
  expect((await fetch(`${base}/console/api/overview`)).status).toBe(401)
})

it('shows a simulated bot connecting', async () => {
  await sim.start()
  await sim.waitConnected({ timeoutMs: 10_000 })
  await sim.sendMessage(undefined, '/echo warm up')
  await sim.nextAction('send_private_msg', { timeoutMs: 10_000 })
  await page.goto(`${base}/console/#bots`)
  await page.waitForSelector('tr[data-bot="10001"]')
  expect(await page.textContent('tr[data-bot="10001"]')).toContain('since')
  await shot('bots')
  await page.goto(`${base}/console/#overview`)
  await expect
    .poll(async () => Number(await page.textContent('#events-total')), { timeout: 10_000 })
    .toBeGreaterThan(0)
  await shot('overview')
})

it('chats with the bot in the sandbox', async () => {
  await page.goto(`${base}/console/#sandbox`)
  await page.fill('#sb-group', '12345')
  await page.selectOption('#sb-role', 'admin')
  await page.fill('#sb-text', '@bot /echo hello from the browser')
  await page.click('#sb-send')
  await page.waitForSelector('.chat .from-bot', { timeout: 15_000 })
  expect(await page.textContent('.chat .from-bot')).toContain('hello from the browser')
  await page.fill('#sb-text', '/poke')
  await page.click('#sb-send')
  await page.waitForSelector('.chat .from-event')
  await shot('sandbox')
})

it('disables a plugin, and its command stops answering', async () => {
  await page.goto(`${base}/console/#plugins`)
  await page.click('section[data-plugin="echo"] button[data-action="disable"]')
  await page.waitForSelector('section[data-plugin="echo"] button[data-action="enable"]')
  sim.clearActions()
  await sim.sendMessage(undefined, '/echo are you there')
  await sim.sendMessage(undefined, '/greet')
  await sim.nextAction('send_private_msg', { timeoutMs: 10_000 })
  expect(sim.sentTexts()).toEqual(['hello'])
  await shot('plugins')
  await page.click('section[data-plugin="echo"] button[data-action="enable"]')
  await page.waitForSelector('section[data-plugin="echo"] button[data-action="disable"]')
})

it("refuses a bad config value with the schema's message, and saves a good one", async () => {
  await page.goto(`${base}/console/#plugins`)
  const form = 'section[data-plugin="greeter"] form'
  await page.fill(`${form} input[name=GREETING]`, 'x')
  await page.click(`${form} button[type=submit]`)
  await expect.poll(() => page.textContent(`${form} [data-error=GREETING]`)).toBe('at least two characters')
  await shot('plugin-config')
  await page.fill(`${form} input[name=GREETING]`, 'hey')
  await page.click(`${form} button[type=submit]`)
  await expect.poll(() => page.textContent(`${form} .ok`)).toContain('Saved')
  sim.clearActions()
  await sim.sendMessage(undefined, '/greet')
  await sim.nextAction('send_private_msg', { timeoutMs: 10_000 })
  expect(sim.sentTexts()).toEqual(['hey'])
})

it('streams the log, filtered by level', async () => {
  await page.goto(`${base}/console/#logs`)
  await expect.poll(() => page.textContent('#logs'), { timeout: 10_000 }).toContain('plugin greeter loaded')
  await page.selectOption('#log-level', '40')
  await expect
    .poll(() => page.textContent('#logs'), { timeout: 10_000 })
    .not.toContain('plugin greeter loaded')
  await page.selectOption('#log-level', '0')
  await expect.poll(() => page.textContent('#logs'), { timeout: 10_000 }).toContain('plugin greeter loaded')
  await shot('logs')
})
