import { EventEmitter } from 'node:events'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Adapter, AdapterHost } from '../adapter/adapter.js'
import { ConfigError } from '../errors.js'
import type { CliIo } from './io.js'
import type { NonebotSection } from './nonebot-section.js'
import { type RunDeps, runCommand } from './run.js'

const dirs: string[] = []
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

async function botDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'nbts-run-'))
  dirs.push(dir)
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text)
  return dir
}

/** An adapter that serves GET /fake and reports one mode; `failSetup` throws from setup. */
function fakeAdapter(name: string, failSetup?: Error): Adapter & { host?: AdapterHost } {
  const adapter: Adapter & { host?: AdapterHost } = {
    name,
    setup(host) {
      if (failSetup) throw failSetup
      adapter.host = host
      host.driver.server?.route('GET', `/${name}`, () => ({ status: 200, body: `hello from ${name}` }))
    },
    modes: () => [
      {
        name: `${name} reverse`,
        active: adapter.host?.driver.server !== undefined,
        detail: `/${name}`,
        warning: 'no server',
      },
    ],
  }
  return adapter
}

interface Harness {
  io: CliIo
  signals: EventEmitter
  stdout: () => string
  stderr: () => string
  exits: number[]
}

function harness(cwd: string, env: Record<string, string> = {}): Harness {
  const out: string[] = []
  const err: string[] = []
  const exits: number[] = []
  const signals = new EventEmitter()
  return {
    io: {
      stdout: (text) => out.push(text),
      stderr: (text) => err.push(text),
      env,
      cwd,
      exit: ((code: number) => {
        exits.push(code)
      }) as CliIo['exit'],
      signals,
    },
    signals,
    stdout: () => out.join(''),
    stderr: () => err.join(''),
    exits,
  }
}

/** Reads the port from the app's `listening on` JSON log line. */
function waitForListening(logs: () => string[]): Promise<number> {
  return vi.waitFor(
    () => {
      const line = logs().find((l) => l.includes('listening on'))
      if (!line) throw new Error('not listening yet')
      return Number(/:(\d+)"/.exec(line)![1])
    },
    { timeout: 10_000, interval: 5 },
  )
}

describe('nbts run (in-process)', () => {
  it('prints help listing every option', async () => {
    const h = harness(tmpdir())
    expect(await runCommand(['--help'], h.io)).toBe(0)
    for (const flag of [
      '--cwd',
      '--env',
      '--host',
      '--port',
      '--driver',
      '--log-level',
      '--log-format',
      '--debug',
      '--help',
    ]) {
      expect(h.stdout()).toContain(flag)
    }
    expect(h.stdout()).toContain('"builtinPlugins"')
  })

  it('rejects an unknown option or log format with one line and exit code 2', async () => {
    const h = harness(tmpdir())
    expect(await runCommand(['--prot', '1'], h.io)).toBe(2)
    expect(h.stderr()).toMatch(/^error: Unknown option '--prot'.*\(see nbts run --help\)\n$/)
    const h2 = harness(tmpdir())
    expect(await runCommand(['--log-format', 'xml'], h2.io)).toBe(2)
    expect(h2.stderr()).toBe('error: --log-format must be pretty or json, not "xml"\n')
  })

  it('refuses a --cwd that is not a directory', async () => {
    const h = harness(tmpdir())
    expect(await runCommand(['--cwd', 'no-such-bot-dir'], h.io)).toBe(1)
    expect(h.stderr()).toBe(
      `error: the bot directory ${join(tmpdir(), 'no-such-bot-dir')} does not exist or is not a directory\n`,
    )
  })

  it('starts the adapters named in package.json, loads plugins, serves, and stops on SIGINT', async () => {
    const dir = await botDir({
      'package.json': JSON.stringify({ nonebot: { adapters: ['fake.a'], builtinPlugins: ['echo'] } }),
      '.env': 'PORT=0\nLOG_FORMAT=json\n',
    })
    const logs: string[] = []
    const loaded: Array<[NonebotSection, string]> = []
    const adapter = fakeAdapter('fake.a')
    const deps: RunDeps = {
      adapters: { 'fake.a': () => adapter, 'fake.b': () => fakeAdapter('fake.b') },
      loadPlugins: async (_app, section, cwd) => {
        loaded.push([section, cwd])
      },
    }
    const h = harness('/', {})
    const logDestination = new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk))
        done()
      },
    })
    const running = runCommand(['--cwd', dir], { ...h.io, logDestination }, deps)
    const port = await waitForListening(() => logs.join('').split('\n'))
    const res = await fetch(`http://127.0.0.1:${port}/fake.a`)
    expect(await res.text()).toBe('hello from fake.a')
    expect(loaded).toHaveLength(1)
    expect(loaded[0]![0].builtinPlugins).toEqual(['echo'])
    expect(loaded[0]![1]).toBe(dir)
    const text = logs.join('')
    expect(text).toContain('fake.a reverse: /fake.a')
    h.signals.emit('SIGINT', 'SIGINT')
    expect(await running).toBe(0)
    expect(h.exits).toEqual([])
    await expect(fetch(`http://127.0.0.1:${port}/fake.a`)).rejects.toThrow()
  })

  it('stops as soon as it is up when SIGINT arrives during start-up', async () => {
    const dir = await botDir({
      'package.json': JSON.stringify({ nonebot: { adapters: ['slow'] } }),
      '.env': 'PORT=0\nLOG_LEVEL=SILENT\n',
    })
    const h = harness(dir)
    let started = false
    const adapter: Adapter = {
      name: 'slow',
      setup: () => {},
      start: async () => {
        h.signals.emit('SIGINT', 'SIGINT')
        started = true
      },
      modes: () => [],
    }
    const running = runCommand(['--cwd', dir], h.io, {
      adapters: { slow: () => adapter },
      loadPlugins: async () => {},
    })
    expect(await running).toBe(0)
    expect(started).toBe(true)
    expect(h.exits).toEqual([])
  })

  it('reports an unknown adapter named in package.json, listing the known ones', async () => {
    const dir = await botDir({
      'package.json': JSON.stringify({ nonebot: { adapters: ['onebot.v13'] } }),
      '.env': 'PORT=0\nLOG_LEVEL=SILENT\n',
    })
    const h = harness('/')
    const deps: RunDeps = { adapters: { 'fake.a': () => fakeAdapter('fake.a') }, loadPlugins: async () => {} }
    expect(await runCommand(['--cwd', dir], h.io, deps)).toBe(1)
    expect(h.stderr()).toBe(
      `error: Invalid configuration nonebot.adapters=["onebot.v13"]: expected adapter names this build knows (fake.a); ` +
        `unknown adapter "onebot.v13" (in ${join(dir, 'package.json')})\n`,
    )
  })

  it('reports a ConfigError thrown by an adapter during start-up as the same one line', async () => {
    const dir = await botDir({
      'package.json': JSON.stringify({ nonebot: { adapters: ['fake.a'] } }),
      '.env': 'PORT=0\nLOG_LEVEL=SILENT\n',
    })
    const h = harness('/')
    const failure = new ConfigError('ONEBOT_WS_URLS', 'not-json', 'a JSON array of ws:// or wss:// URLs')
    const deps: RunDeps = {
      adapters: { 'fake.a': () => fakeAdapter('fake.a', failure) },
      loadPlugins: async () => {},
    }
    expect(await runCommand(['--cwd', dir], h.io, deps)).toBe(1)
    expect(h.stderr()).toBe(
      'error: Invalid configuration ONEBOT_WS_URLS="not-json": expected a JSON array of ws:// or wss:// URLs\n',
    )
  })

  it('reports a bad core value from the command line, the environment or .env in one line', async () => {
    const dir = await botDir({ '.env': 'LOG_LEVEL=SILENT\nDRIVER=~flask\n' })
    const deps: RunDeps = { adapters: {}, loadPlugins: async () => {} }
    const fromCli = harness('/')
    expect(await runCommand(['--cwd', dir, '--port', 'abc', '--driver', '~none'], fromCli.io, deps)).toBe(1)
    expect(fromCli.stderr()).toBe(
      'error: Invalid configuration PORT="abc": expected a TCP port number between 0 and 65535\n',
    )
    const fromEnv = harness(dir, { PORT: '0', API_TIMEOUT: 'soon', DRIVER: '~none' })
    expect(await runCommand([], fromEnv.io, deps)).toBe(1)
    expect(fromEnv.stderr()).toMatch(/^error: Invalid configuration API_TIMEOUT="soon": expected [^\n]*\n$/)
    const fromFile = harness(dir, { PORT: '0' })
    expect(await runCommand([], fromFile.io, deps)).toBe(1)
    expect(fromFile.stderr()).toMatch(/^error: Invalid configuration DRIVER="~flask": expected [^\n]*\n$/)
  })

  it('adds the stack trace with --debug or LOG_LEVEL=DEBUG', async () => {
    const dir = await botDir({ '.env': 'PORT=abc\n' })
    const deps: RunDeps = { adapters: {}, loadPlugins: async () => {} }
    const withFlag = harness(dir)
    expect(await runCommand(['--debug'], withFlag.io, deps)).toBe(1)
    expect(withFlag.stderr()).toMatch(
      /^error: Invalid configuration PORT="abc"[^\n]*\nConfigError: [^\n]*\n\s+at /,
    )
    const withLevel = harness(dir, { LOG_LEVEL: 'DEBUG' })
    expect(await runCommand([], withLevel.io, deps)).toBe(1)
    expect(withLevel.stderr().split('\n').length).toBeGreaterThan(3)
  })

  it('explains a port already in use in one line', async () => {
    const { createServer } = await import('node:net')
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const { port } = blocker.address() as { port: number }
    try {
      const dir = await botDir({ '.env': `PORT=${port}\nLOG_LEVEL=SILENT\n` })
      const h = harness(dir)
      expect(await runCommand([], h.io, { adapters: {}, loadPlugins: async () => {} })).toBe(1)
      expect(h.stderr()).toBe(
        `error: cannot listen: 127.0.0.1:${port} is already in use (change PORT or HOST, or stop the other process)\n`,
      )
    } finally {
      blocker.close()
    }
  })
})
