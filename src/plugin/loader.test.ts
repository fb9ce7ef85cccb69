import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { App } from '../app.js'
import {
  captureLogger,
  createFakeApp,
  FakeAdapter,
  type FakeApp,
  type FakeRegistry,
} from '../testing/fake-adapter.js'
import { pluginDefiner } from './define-plugin.js'

const definePlugin = pluginDefiner<FakeRegistry>()
let t: FakeApp
let dir: string
afterEach(async () => t?.stop())

const replyPlugin = (name: string, command: string, reply: string) =>
  `export default { name: '${name}', setup(ctx) { ctx.command('${command}', (c) => c.send('${reply}')) } }\n`

beforeAll(async () => {
  // Inside the project: vitest's module runner does not import files from the OS temp dir (tsx does).
  await mkdir(join(process.cwd(), 'node_modules', '.cache'), { recursive: true })
  dir = await mkdtemp(join(process.cwd(), 'node_modules', '.cache', 'nbts-plugins-'))
  await mkdir(join(dir, 'plugins', 'folder-plugin'), { recursive: true })
  await mkdir(join(dir, 'plugins', '_private'), { recursive: true })
  await writeFile(
    join(dir, 'plugins', 'typed.ts'),
    `interface Greeting { text: string }\nconst greeting: Greeting = { text: 'typed!' }\n` +
      `export const plugin = { name: 'typed', setup(ctx: { command(n: string, h: (c: { send(t: string): unknown }) => unknown): unknown }) { ctx.command('typed', (c) => c.send(greeting.text)) } }\n`,
  )
  await writeFile(join(dir, 'plugins', 'plain.js'), replyPlugin('plain', 'plain', 'plain!'))
  await writeFile(
    join(dir, 'plugins', 'folder-plugin', 'index.ts'),
    replyPlugin('folder', 'folder', 'folder!'),
  )
  await writeFile(join(dir, 'plugins', '_private', 'index.ts'), replyPlugin('private', 'private', 'private!'))
  await writeFile(join(dir, 'plugins', '_skipped.ts'), replyPlugin('skipped', 'skipped', 'skipped!'))
  await writeFile(
    join(dir, 'plugins', 'broken.ts'),
    `export default { name: 'broken', setup() { throw new Error('cannot start') } }\n`,
  )
  await writeFile(join(dir, 'plugins', 'notes.md'), '# not a plugin\n')
  await writeFile(join(dir, 'plugins', 'helper.test.ts'), 'throw new Error("tests are not plugins")\n')
  await writeFile(join(dir, 'extra.ts'), replyPlugin('extra', 'extra', 'extra!'))
  await writeFile(join(dir, 'nothing.ts'), 'export const x = 1\n')
  const pkg = join(dir, 'node_modules', 'nbts-plugin-hello')
  await mkdir(join(pkg, 'dist'), { recursive: true })
  await writeFile(
    join(pkg, 'package.json'),
    JSON.stringify({
      name: 'nbts-plugin-hello',
      type: 'module',
      exports: { '.': { import: './dist/index.js' } },
    }),
  )
  await writeFile(join(pkg, 'dist', 'index.js'), replyPlugin('hello', 'hello', 'hello from npm'))
})
afterAll(async () => rm(dir, { recursive: true, force: true }))

describe('plugin loading', () => {
  it('loads built-ins, packages, files and folders from a package.json section; a failing plugin is reported and the others load', async () => {
    const { logger, records } = captureLogger('error')
    t = await createFakeApp({ logger })
    const results = await t.app.plugins.loadFromSection(
      {
        builtinPlugins: ['echo'],
        plugins: ['nbts-plugin-hello', './extra.ts', './nothing.ts', 'nbts-missing', './gone.ts'],
        pluginDirs: ['plugins'],
      },
      dir,
    )
    const outcome = results.map((r) => (r.ok ? r.plugin.name : `failed ${r.error.code}`))
    expect(outcome).toEqual([
      'echo',
      'hello',
      'extra',
      'failed E_PLUGIN_LOAD',
      'failed E_PLUGIN_LOAD',
      'failed E_PLUGIN_LOAD',
      'failed E_PLUGIN_LOAD',
      'folder',
      'plain',
      'typed',
    ])
    const messages = results.flatMap((r) => (r.ok ? [] : [r.error.message])).join('\n')
    expect(messages).toMatch(/nothing\.ts exports no plugin/)
    expect(messages).toMatch(/cannot find package "nbts-missing"/)
    expect(messages).toMatch(/no such file or folder: .*gone\.ts/)
    expect(messages).toMatch(/"broken" failed to load: cannot start/)
    expect(records.filter((r) => r.level === 50)).toHaveLength(4)
    expect(
      t.app.plugins
        .list()
        .map((p) => p.name)
        .sort(),
    ).toEqual(['echo', 'extra', 'folder', 'hello', 'plain', 'typed'])
    for (const command of ['hello', 'extra', 'folder', 'plain', 'typed', 'private', 'skipped', 'broken']) {
      await t.receive(t.adapter.privateMessage(t.bot, { text: `/${command}` }))
    }
    expect(t.texts()).toEqual(['hello from npm', 'extra!', 'folder!', 'plain!', 'typed!'])
  })

  it('loadSpec, loadFile and loadPackage report their sources', async () => {
    t = await createFakeApp()
    const file = await t.app.plugins.loadSpec(join(dir, 'extra.ts'), '/')
    if (!file.ok) throw file.error
    const pkg = await t.app.plugins.loadPackage('nbts-plugin-hello', dir)
    const builtin = await t.app.plugins.loadBuiltin('echo')
    const missing = await t.app.plugins.loadBuiltin('nope')
    expect([file, pkg, builtin].map((r) => r.ok && r.plugin.source)).toEqual([
      join(dir, 'extra.ts'),
      'nbts-plugin-hello',
      'builtin:echo',
    ])
    expect(missing.ok).toBe(false)
  })
})

describe('plugin scope', () => {
  it('unload undoes every registration, and loading again works', async () => {
    const weather = definePlugin({
      name: 'weather',
      setup(ctx) {
        ctx.command('weather', (c) => c.send('sunny'))
        ctx.matcherGroup({ priority: 3 }).keyword('rain', (c) => c.send('umbrella'))
        ctx.beforeEvent(() => {})
      },
    })
    t = await createFakeApp({ plugins: [weather] })
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/weather rain' }))
    expect(t.texts()).toEqual(['sunny', 'umbrella'])
    expect(t.app.plugins.list()[0]!.matchers.map((m) => m.name)).toEqual(['command weather', 'keyword rain'])
    expect(await t.app.plugins.unload(weather)).toBe(true)
    expect(t.app.plugins.list()).toEqual([])
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/weather rain' }))
    expect(t.texts()).toHaveLength(2)
    expect((await t.app.plugins.load(weather)).ok).toBe(true)
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/weather' }))
    expect(t.texts()).toEqual(['sunny', 'umbrella', 'sunny'])
  })

  it('scoped timers stop on unload', async () => {
    let ticks = 0
    // Fake intervals only: time passes when the test says so, everything else runs for real.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    try {
      t = await createFakeApp({
        plugins: [
          definePlugin({
            name: 'ticker',
            setup(ctx) {
              ctx.setInterval(() => ticks++, 5)
            },
          }),
        ],
      })
      await vi.advanceTimersByTimeAsync(40)
      expect(ticks).toBe(8)
      await t.app.plugins.unload('ticker')
      await vi.advanceTimersByTimeAsync(30)
      expect(ticks).toBe(8)
    } finally {
      vi.useRealTimers()
    }
  })

  it('requirePlugin gives typed exports and unloading a dependency unloads its dependents', async () => {
    const counter = definePlugin({
      name: 'counter',
      type: 'library',
      setup() {
        let n = 0
        return { next: () => ++n }
      },
    })
    const user = definePlugin({
      name: 'user',
      async setup(ctx) {
        const { next } = await ctx.require(counter)
        ctx.command('next', (c) => c.send(`n=${next()}`))
      },
    })
    t = await createFakeApp({ plugins: [user] })
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/next' }))
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/next' }))
    expect(t.texts()).toEqual(['n=1', 'n=2'])
    expect(t.app.plugins.list().map((p) => p.name)).toEqual(['counter', 'user'])
    await t.app.plugins.unload('counter')
    expect(t.app.plugins.list()).toEqual([])
  })

  it('reads typed plugin config from the app config and reports a bad value', async () => {
    const configured = definePlugin({
      name: 'configured',
      description: 'reads config',
      usage: '/key',
      homepage: 'https://example.org',
      supportedAdapters: ['fake'],
      config: {
        weather_api_key: z.string(),
        weather_units: z.enum(['metric', 'imperial']).default('metric'),
      },
      setup(ctx, config) {
        ctx.command('key', (c) => c.send(`${config.weather_api_key}/${config.weather_units}`))
      },
    })
    t = await createFakeApp({ config: { WEATHER_API_KEY: 'k123' }, plugins: [configured] })
    await t.receive(t.adapter.privateMessage(t.bot, { text: '/key' }))
    expect(t.texts()).toEqual(['k123/metric'])
    expect(t.app.plugins.list()[0]).toMatchObject({
      name: 'configured',
      description: 'reads config',
      usage: '/key',
      homepage: 'https://example.org',
      supportedAdapters: ['fake'],
      hasConfig: true,
    })
    await t.stop()
    t = await createFakeApp({ config: { weather_units: 'kelvin' } })
    const result = await t.app.plugins.load(configured)
    expect(result.ok).toBe(false)
    expect(!result.ok && result.error.message).toMatch(/WEATHER_API_KEY/)
  })

  it('adds HTTP routes on the app server and removes them on unload', async () => {
    const app = new App({ config: { port: 0 }, adapters: [new FakeAdapter()] })
    await app.start()
    try {
      await app.plugins.load(
        definePlugin({
          name: 'web',
          setup(ctx) {
            ctx.route('GET', '/status', () => ({ status: 200, body: 'up' }))
          },
        }),
      )
      const { port } = app.driver.server!.address()!
      const first = await fetch(`http://127.0.0.1:${port}/status`)
      expect([first.status, await first.text()]).toEqual([200, 'up'])
      await app.plugins.unload('web')
      const second = await fetch(`http://127.0.0.1:${port}/status`)
      expect(second.status).not.toBe(200)
    } finally {
      await app.stop()
    }
  })
})

describe('plugin modules', () => {
  it('finds the plugin in default, plugin, a single export, or a CommonJS-compiled default', async () => {
    const { pluginFromModule } = await import('./loader.js')
    const plugin = { name: 'p', setup() {} }
    expect(pluginFromModule({ default: plugin })).toBe(plugin)
    expect(pluginFromModule({ plugin })).toBe(plugin)
    expect(pluginFromModule({ other: 1, mine: plugin })).toBe(plugin)
    // tsx compiles a .ts file without "type": "module" as CommonJS: module.exports.default is the plugin.
    expect(pluginFromModule({ default: { default: plugin } })).toBe(plugin)
    expect(pluginFromModule({ default: { nothing: true } })).toBeUndefined()
  })
})
