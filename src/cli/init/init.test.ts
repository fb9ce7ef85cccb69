import { EventEmitter } from 'node:events'
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../config/load.js'
import type { CliIo, CliTerminal } from '../io.js'
import { parseNonebotSection } from '../nonebot-section.js'
import { initCommand } from './command.js'
import { FRAMEWORK_ROOT } from './framework-spec.js'

const dirs: string[] = []
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'nbts-init-'))
  dirs.push(dir)
  return dir
}

function harness(cwd: string, terminal?: CliTerminal) {
  let out = ''
  let err = ''
  const io: CliIo = {
    stdout: (t) => {
      out += t
    },
    stderr: (t) => {
      err += t
    },
    env: {},
    cwd,
    exit: ((code: number) => {
      throw new Error(`exit ${code}`)
    }) as CliIo['exit'],
    signals: new EventEmitter(),
    ...(terminal ? { terminal } : {}),
  }
  return { io, out: () => out, err: () => err }
}

describe('nbts init', () => {
  it('scaffolds a bot project non-interactively', async () => {
    const cwd = await tempDir()
    const h = harness(cwd, { input: new PassThrough(), output: new PassThrough(), isTTY: false })
    expect(await initCommand(['My Bot!'], h.io)).toBe(0)
    const dir = join(cwd, 'My Bot!')
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'))
    expect(pkg.name).toBe('my-bot')
    expect(pkg.type).toBe('module')
    expect(pkg.scripts).toMatchObject({
      start: 'nbts run',
      test: 'tsc --noEmit && npm run lint && vitest run',
      dev: 'nbts run --reload',
    })
    // Run from a checkout, the framework is linked from it.
    expect(pkg.dependencies['nonebot-ts']).toBe(`file:${FRAMEWORK_ROOT.replace(/\/$/, '')}`)
    expect(Object.keys(pkg.devDependencies)).toEqual([
      '@biomejs/biome',
      '@types/node',
      'eslint',
      'typescript',
      'typescript-eslint',
      'vitest',
    ])
    expect(pkg.allowScripts).toMatchObject({ 'better-sqlite3': true })
    // The "nonebot" section is one nbts run accepts.
    const section = parseNonebotSection(pkg.nonebot, 'package.json')
    expect(section).toMatchObject({ builtinPlugins: ['echo'], pluginDirs: ['src/plugins'] })
    for (const file of [
      '.env',
      '.gitignore',
      'README.md',
      'tsconfig.json',
      'biome.json',
      'eslint.config.js',
      'vitest.config.ts',
      'ONEBOT-SETUP.md',
      'src/plugins/hello.ts',
      'src/plugins/hello.test.ts',
      'src/plugins/dice.ts',
      'src/plugins/dice.test.ts',
    ]) {
      expect((await stat(join(dir, file))).isFile()).toBe(true)
    }
    const test = await readFile(join(dir, 'src/plugins/hello.test.ts'), 'utf8')
    expect(test).toContain("import { createTestApp, v11Events } from 'nonebot-ts/testing'")
    expect(test).toContain("import hello from './hello.js'")
    const readme = await readFile(join(dir, 'README.md'), 'utf8')
    expect(readme).toMatch(/^# my-bot\n/)
    expect(readme).not.toMatch(/\{\{\w+\}\}/)
    expect(readme).toContain('file:')
    expect(h.out()).toContain('npm install')
  })

  it('writes a .env that the config loader reads, with every mode and the chosen one switched on', async () => {
    const cwd = await tempDir()
    const h = harness(cwd)
    expect(await initCommand(['bot', '--mode', 'v12-ws-forward', '--name', 'wechat-bot'], h.io)).toBe(0)
    const env = await readFile(join(cwd, 'bot/.env'), 'utf8')
    for (const key of [
      'HOST',
      'PORT',
      'ONEBOT_ACCESS_TOKEN',
      'ONEBOT_SECRET',
      'ONEBOT_API_ROOTS',
      'ONEBOT_WS_URLS',
      'ONEBOT_V12_API_ROOTS',
      'ONEBOT_V12_WS_URLS',
      'SUPERUSERS',
      'NICKNAME',
      'COMMAND_START',
    ]) {
      expect(env).toContain(`${key}=`)
    }
    expect(env).toContain('\nONEBOT_V12_WS_URLS=["ws://127.0.0.1:8844/"]\n')
    expect(env).toContain('\n# ONEBOT_WS_URLS=["ws://127.0.0.1:3001"]\n')
    const config = await loadConfig({ cwd: join(cwd, 'bot'), env: {} })
    expect(config.get('onebot_v12_ws_urls')).toEqual(['ws://127.0.0.1:8844/'])
    expect(config.get('onebot_ws_urls')).toBeUndefined()
    expect(config.get('command_start')).toEqual(['/'])
    const pkg = JSON.parse(await readFile(join(cwd, 'bot/package.json'), 'utf8'))
    expect(pkg.name).toBe('wechat-bot')
    expect(pkg.scripts.chat).toBe('nbts simulate --mode v12-ws-forward')
  })

  it("writes the chosen implementation's settings, with .env keys on its ports", async () => {
    const cwd = await tempDir()
    const h = harness(cwd)
    expect(await initCommand(['bot', '--mode', 'v11-http-post', '--impl', 'lagrange', '--yes'], h.io)).toBe(0)
    const setup = await readFile(join(cwd, 'bot/ONEBOT-SETUP.md'), 'utf8')
    expect(setup).toContain('# Connecting Lagrange.OneBot (v11-http-post)')
    expect(setup).toContain(
      '"Type": "HttpPost", "Host": "127.0.0.1", "Port": 8080, "Suffix": "/onebot/v11/http"',
    )
    expect(setup).toContain('"Type": "Http", "Host": "127.0.0.1", "Port": 5700')
    const env = await readFile(join(cwd, 'bot/.env'), 'utf8')
    expect(env).toContain('\nONEBOT_API_ROOTS={"123456": "http://127.0.0.1:5700/"}\n')
    const config = await loadConfig({ cwd: join(cwd, 'bot'), env: {} })
    expect(config.get('onebot_api_roots')).toEqual({ '123456': 'http://127.0.0.1:5700/' })

    for (const [mode, impl, text] of [
      ['v11-ws-reverse', 'gocq', 'universal: ws://127.0.0.1:8080/onebot/v11/ws'],
      ['v11-ws-forward', 'llonebot', '{ "type": "ws", "enable": true, "port": 3001'],
      ['v11-ws-reverse', 'napcat', '"websocketClients": ['],
      ['v12-ws-reverse', 'walle', 'url = "ws://127.0.0.1:8080/onebot/v12/ws"'],
    ] as const) {
      const one = harness(cwd)
      expect(await initCommand([`${mode}-${impl}`, '--mode', mode, '--impl', impl], one.io)).toBe(0)
      expect(await readFile(join(cwd, `${mode}-${impl}/ONEBOT-SETUP.md`), 'utf8')).toContain(text)
    }
    const wrong = harness(cwd)
    expect(await initCommand(['w', '--mode', 'v12-ws-reverse', '--impl', 'napcat'], wrong.io)).toBe(2)
    expect(wrong.err()).toBe('error: --impl must be one of walle for v12-ws-reverse, not "napcat"\n')
  })

  it('asks for the name and the mode on a terminal', async () => {
    const cwd = await tempDir()
    const input = new PassThrough()
    const output = new PassThrough()
    let shown = ''
    output.on('data', (chunk) => {
      shown += String(chunk)
      if (shown.endsWith('(my-bot): ')) input.write('\n')
      if (shown.endsWith('Choose 1-6: ')) input.write(shown.includes('Please answer') ? '5\n' : '9\n')
    })
    const h = harness(cwd, { input, output, isTTY: true })
    expect(await initCommand(['my-bot', '--framework', '^0.1.0'], h.io)).toBe(0)
    expect(shown).toContain('1. OneBot V11, reverse WebSocket')
    expect(shown).toContain('Please answer with a number from 1 to 6.')
    const pkg = JSON.parse(await readFile(join(cwd, 'my-bot/package.json'), 'utf8'))
    expect(pkg.name).toBe('my-bot')
    expect(pkg.dependencies['nonebot-ts']).toBe('^0.1.0')
    expect(pkg.scripts.chat).toBe('nbts simulate --mode v12-webhook')
    expect(await readFile(join(cwd, 'my-bot/.env'), 'utf8')).toContain('\nONEBOT_V12_API_ROOTS={')
  })

  it('refuses a directory that is not empty, and never overwrites a file with --force', async () => {
    const cwd = await tempDir()
    await mkdir(join(cwd, 'taken'))
    await writeFile(join(cwd, 'taken/README.md'), 'mine')
    const h = harness(cwd)
    expect(await initCommand(['taken'], h.io)).toBe(1)
    expect(h.err()).toBe(
      `error: ${join(cwd, 'taken')} is not empty; choose a new directory (or --force to add the files there)\n`,
    )
    const forced = harness(cwd)
    expect(await initCommand(['taken', '--force'], forced.io)).toBe(1)
    expect(forced.err()).toBe(
      `error: ${join(cwd, 'taken/README.md')} already exists; nbts init never overwrites a file\n`,
    )
    expect(await readFile(join(cwd, 'taken/README.md'), 'utf8')).toBe('mine')
  })

  it('rejects a missing directory or an unknown mode with exit code 2', async () => {
    const h = harness(tmpdir())
    expect(await initCommand([], h.io)).toBe(2)
    expect(h.err()).toContain('nbts init takes one directory')
    const m = harness(tmpdir())
    expect(await initCommand(['x', '--mode', 'carrier-pigeon'], m.io)).toBe(2)
    expect(m.err()).toMatch(/^error: --mode must be one of v11-ws-reverse, /)
  })
})
