import { type ChildProcess, spawn } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { createSimulator, type Simulator } from '../../testing/simulator/index.js'

// `nbts run --reload` as a child process (the real binary, from source), driven over a real socket
// by the simulator while the test edits the bot's files.
const bin = fileURLToPath(new URL('../../../bin/nbts.js', import.meta.url))
const dirs: string[] = []
const children: ChildProcess[] = []
const sims: Simulator[] = []
afterEach(async () => {
  for (const sim of sims.splice(0)) await sim.close()
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** A plugin that needs no import: `/<command>` answers `reply` (a JS expression). */
const plugin = (name: string, command: string, reply: string, header = '') =>
  `${header}export default { name: '${name}', setup(ctx: any) { ctx.command('${command}', (c: any) => c.send(${reply})) } }\n`

async function startReloading(port: number, extraFiles: Record<string, string> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'nbts-reload-'))
  dirs.push(dir)
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({ type: 'module', nonebot: { adapters: ['onebot.v11'], pluginDirs: ['plugins'] } }),
  )
  await writeFile(join(dir, '.env'), `PORT=${port}\nLOG_FORMAT=json\n`)
  await mkdir(join(dir, 'plugins'))
  await writeFile(join(dir, 'plugins/_word.ts'), `export const word = 'v1'\n`)
  await writeFile(
    join(dir, 'plugins/greet.ts'),
    plugin('greet', 'greet', "'hello ' + word", "import { word } from './_word.js'\n"),
  )
  for (const [name, text] of Object.entries(extraFiles)) await writeFile(join(dir, name), text)
  const child = spawn(process.execPath, [bin, 'run', '--reload'], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let out = ''
  let err = ''
  let wakers: Array<() => void> = []
  child.stdout!.on('data', (chunk) => {
    out += String(chunk)
    for (const wake of wakers.splice(0)) wake()
  })
  child.stderr!.on('data', (chunk) => {
    err += String(chunk)
  })
  /** Waits for the `count`-th log message containing `text`. */
  const waitLog = async (text: string, count = 1): Promise<void> => {
    const seen = () => out.split('\n').filter((line) => line.includes(text)).length
    while (seen() < count) {
      if (child.exitCode !== null) throw new Error(`exited before "${text}": ${out}${err}`)
      await new Promise<void>((resolve) => wakers.push(resolve))
    }
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  return { dir, child, waitLog, exited, out: () => out, err: () => err, reset: () => (wakers = []) }
}

async function connect(port: number): Promise<Simulator> {
  const sim = createSimulator({
    version: 11,
    mode: 'ws-reverse',
    url: `ws://127.0.0.1:${port}/onebot/v11/ws`,
    reconnectIntervalMs: 50,
    heartbeatIntervalMs: false,
  })
  sims.push(sim)
  await sim.start()
  await sim.waitConnected({ timeoutMs: 5000 })
  return sim
}

async function ask(sim: Simulator, text: string): Promise<string> {
  await sim.sendMessage(undefined, text)
  const record = await sim.nextAction('send_private_msg', { timeoutMs: 5000 })
  return JSON.stringify(record.params.message)
}

describe('nbts run --reload', () => {
  it('reloads a changed plugin over a live connection, keeps the old one on a syntax error, restarts on .env', async () => {
    const port = await freePort()
    const bot = await startReloading(port)
    await bot.waitLog('"msg":"watching ')
    const sim = await connect(port)
    expect(await ask(sim, '/greet')).toContain('hello v1')

    // Edit the plugin: the new version answers, on the same connection.
    await writeFile(join(bot.dir, 'plugins/greet.ts'), plugin('greet', 'greet', "'hello v2'"))
    await bot.waitLog('plugin greet reloaded from plugins/greet.ts')
    expect(await ask(sim, '/greet')).toContain('hello v2')
    expect(bot.out()).not.toContain('disconnected')

    // A syntax error is reported and the previous version keeps answering.
    await writeFile(join(bot.dir, 'plugins/greet.ts'), 'export default { name: "greet", setup(ctx: any) {\n')
    await bot.waitLog('reloading plugin greet failed')
    expect(bot.out()).toMatch(/reloading plugin greet failed: [^"]*; the previous version keeps running/)
    expect(await ask(sim, '/greet')).toContain('hello v2')

    // Fixed again, now importing a helper; a change to the helper alone reloads the plugin too.
    await writeFile(
      join(bot.dir, 'plugins/greet.ts'),
      plugin('greet', 'greet', "'hello ' + word", "import { word } from './_word.js'\n"),
    )
    await bot.waitLog('plugin greet reloaded', 2)
    expect(await ask(sim, '/greet')).toContain('hello v1')
    await writeFile(join(bot.dir, 'plugins/_word.ts'), `export const word = 'v3'\n`)
    await bot.waitLog('plugin greet reloaded', 3)
    expect(await ask(sim, '/greet')).toContain('hello v3')

    // A new plugin file is loaded; a deleted one is unloaded.
    await writeFile(join(bot.dir, 'plugins/ping.ts'), plugin('ping', 'ping', "'pong'"))
    await bot.waitLog('plugin ping loaded')
    expect(await ask(sim, '/ping')).toContain('pong')
    await rm(join(bot.dir, 'plugins/ping.ts'))
    await bot.waitLog('plugin ping unloaded')

    // .env changed: the bot restarts in-process, the implementation reconnects, plugins are fresh.
    await writeFile(join(bot.dir, '.env'), `PORT=${port}\nLOG_FORMAT=json\nCOMMAND_START=["!"]\n`)
    await bot.waitLog('"msg":"restarted"')
    await bot.waitLog('bot 10001 connected', 2)
    expect(await ask(sim, '!greet')).toContain('hello v3')

    bot.child.kill('SIGINT')
    expect(await bot.exited).toBe(0)
    expect(bot.err()).toBe('')
  })

  it('reports a plugin that fails at start-up and loads it once it is fixed; the rest keep running', async () => {
    const port = await freePort()
    const bot = await startReloading(port, { 'plugins/broken.ts': 'export default {\n' })
    await bot.waitLog('"msg":"watching ')
    expect(bot.out()).toMatch(/plugin \\"[^"]*broken\.ts\\" failed to load/)
    const sim = await connect(port)
    expect(await ask(sim, '/greet')).toContain('hello v1')
    await writeFile(join(bot.dir, 'plugins/broken.ts'), plugin('fixed', 'fixed', "'works now'"))
    await bot.waitLog('plugin fixed reloaded from plugins/broken.ts')
    expect(await ask(sim, '/fixed')).toContain('works now')
    bot.child.kill('SIGINT')
    expect(await bot.exited).toBe(0)
  })
})
