import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { createSimulator } from '../testing/simulator/index.js'

// These tests run the real binary as a child process: bin/nbts.js -> tsx -> src/cli/main.ts.
const bin = fileURLToPath(new URL('../../bin/nbts.js', import.meta.url))

const dirs: string[] = []
const children: ChildProcess[] = []
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

async function botDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'nbts-cli-'))
  dirs.push(dir)
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text)
  return dir
}

interface Run {
  child: ChildProcess
  stdout: () => string
  stderr: () => string
  exited: Promise<number | null>
  /** Resolves with the first stdout text matching `pattern`. */
  waitFor: (pattern: RegExp) => Promise<RegExpMatchArray>
}

function nbts(args: string[], env: Record<string, string> = {}, cwd?: string): Run {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let out = ''
  let err = ''
  const waiters: Array<() => void> = []
  child.stdout!.on('data', (chunk) => {
    out += String(chunk)
    for (const wake of waiters.splice(0)) wake()
  })
  child.stderr!.on('data', (chunk) => {
    err += String(chunk)
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const waitFor = async (pattern: RegExp): Promise<RegExpMatchArray> => {
    for (;;) {
      const match = out.match(pattern)
      if (match) return match
      if (child.exitCode !== null) throw new Error(`exited ${child.exitCode} before ${pattern}: ${out}${err}`)
      await new Promise<void>((resolve) => {
        waiters.push(resolve)
        child.once('exit', () => resolve())
      })
    }
  }
  return { child, stdout: () => out, stderr: () => err, exited, waitFor }
}

describe('nbts (child process)', () => {
  it('prints the commands for --help and every run option for run --help', async () => {
    const main = nbts(['--help'])
    expect(await main.exited).toBe(0)
    expect(main.stdout()).toMatch(/Usage: nbts <command>/)
    expect(main.stdout()).toMatch(/\n {2}run +start the bot/)
    expect(main.stdout()).toMatch(/\n {2}simulate +start the bot with a simulated OneBot implementation/)
    expect(main.stdout()).toMatch(/\n {2}init +create a new bot project/)
    const run = nbts(['run', '--help'])
    expect(await run.exited).toBe(0)
    for (const flag of [
      '--cwd',
      '--env',
      '--host',
      '--port',
      '--driver',
      '--log-level',
      '--log-format',
      '--debug',
    ]) {
      expect(run.stdout()).toContain(flag)
    }
  })

  it('runs a bot directory: listens, logs, and exits 0 on SIGINT', async () => {
    const dir = await botDir({
      'package.json': JSON.stringify({ name: 'bot', nonebot: { builtinPlugins: ['echo'] } }),
      '.env': 'PORT=0\n',
    })
    const run = nbts(['run', '--cwd', dir], { LOG_FORMAT: 'json' })
    const [, port] = await run.waitFor(/listening on http:\/\/127\.0\.0\.1:(\d+)/)
    const res = await fetch(`http://127.0.0.1:${port}/nothing-here`)
    expect(res.status).toBe(404)
    const complete = run.stdout().slice(0, run.stdout().lastIndexOf('\n'))
    const lines = complete.split('\n').map((line) => JSON.parse(line) as { msg: string })
    expect(lines.some((l) => l.msg.includes(`starting in ${dir}`))).toBe(true)
    expect(lines.some((l) => l.msg === 'plugin echo loaded')).toBe(true)
    expect(lines.some((l) => l.msg.startsWith('OneBot V11 reverse WebSocket: /onebot/v11/'))).toBe(true)
    // The plugin named in package.json answers over a real connection.
    const sim = createSimulator({
      version: 11,
      mode: 'ws-reverse',
      url: `ws://127.0.0.1:${port}/onebot/v11/ws`,
    })
    await sim.start()
    await sim.waitConnected({ timeoutMs: 5000 })
    await sim.sendMessage(undefined, '/echo hello')
    await sim.nextAction('send_private_msg', { timeoutMs: 5000 })
    expect(sim.sentTexts()).toEqual(['hello'])
    await sim.close()
    run.child.kill('SIGINT')
    expect(await run.exited).toBe(0)
    expect(run.stdout()).toContain('"msg":"stopped"')
    expect(run.stderr()).toBe('')
  })

  it('stops on SIGTERM too, and pretty logs do not keep the process alive', async () => {
    const dir = await botDir({ '.env': 'PORT=0\nLOG_FORMAT=pretty\n' })
    const inDir = nbts(['run'], {}, dir) // no --cwd: the working directory is the bot directory
    await inDir.waitFor(/INFO: listening on http:\/\/127\.0\.0\.1:\d+/)
    inDir.child.kill('SIGTERM')
    expect(await inDir.exited).toBe(0)
    expect(inDir.stdout()).toMatch(/INFO: received SIGTERM/)
    expect(inDir.stdout()).not.toContain('{"level"')
  })

  it('exits 1 with exactly one line on stderr for a bad value in .env', async () => {
    const dir = await botDir({ '.env': 'PORT=abc\n' })
    const run = nbts(['run', '--cwd', dir])
    expect(await run.exited).toBe(1)
    expect(run.stderr()).toBe(
      'error: Invalid configuration PORT="abc": expected a TCP port number between 0 and 65535\n',
    )
    expect(run.stdout()).toBe('')
  })

  it('exits 1 with one line for a bad section in package.json', async () => {
    const dir = await botDir({
      'package.json': JSON.stringify({ nonebot: { adapters: ['onebot.v11'], plugins: 'x' } }),
      '.env': 'PORT=0\n',
    })
    const run = nbts(['run', '--cwd', dir])
    expect(await run.exited).toBe(1)
    expect(run.stderr()).toMatch(
      /^error: Invalid configuration nonebot\.plugins="x": expected a list of plugin names or paths \(in [^\n]*package\.json\)\n$/,
    )
  })

  it('exits 2 for an unknown command', async () => {
    const run = nbts(['fly'])
    expect(await run.exited).toBe(2)
    expect(run.stderr()).toBe(
      'error: unknown command "fly"; commands: run, simulate, init (see nbts --help)\n',
    )
  })
})
