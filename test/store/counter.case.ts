import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, expect, it } from 'vitest'
import { createSimulator } from '../../src/testing/simulator/index.js'

// The real binary as a child process (bin/nbts.js -> tsx -> src/cli/main.ts), run twice.
const bin = fileURLToPath(new URL('../../bin/nbts.js', import.meta.url))
const counterPlugin = fileURLToPath(new URL('../fixtures/plugins/counter.ts', import.meta.url))

const dirs: string[] = []
const children: ChildProcess[] = []
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

/** Starts `nbts run --cwd dir` from another working directory; resolves with its port. */
async function run(dir: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [bin, 'run', '--cwd', dir], {
    cwd: tmpdir(),
    env: { PATH: process.env.PATH ?? '', LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let out = ''
  child.stdout!.on('data', (chunk) => {
    out += String(chunk)
  })
  child.stderr!.on('data', (chunk) => {
    out += String(chunk)
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  await expect
    .poll(() => out, { timeout: 20_000, interval: 20 })
    .toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/)
  const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)![1]!
  return { port, output: () => out, exited, stop: () => child.kill('SIGINT') }
}

/** Sends `/count` `times` times through a simulated implementation; returns the bot's answers. */
async function count(port: string, times: number): Promise<string[]> {
  const sim = createSimulator({
    version: 11,
    mode: 'ws-reverse',
    url: `ws://127.0.0.1:${port}/onebot/v11/ws`,
  })
  await sim.start()
  try {
    await sim.waitConnected({ timeoutMs: 10_000 })
    for (let i = 0; i < times; i++) {
      await sim.sendMessage(undefined, '/count')
      await sim.nextAction('send_private_msg', { timeoutMs: 10_000 })
    }
    return sim.sentTexts()
  } finally {
    await sim.close()
  }
}

/** The counter plugin keeps its count across a restart of `nbts run` on the database `env` names. */
export function counterRestartSuite(what: string, env: () => Record<string, string>): void {
  it(`the counter plugin keeps its count across a restart of nbts run (${what})`, {
    timeout: 60_000,
  }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nbts-counter-'))
    dirs.push(dir)
    await writeFile(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'bot', nonebot: { plugins: [counterPlugin] } }),
    )
    await writeFile(join(dir, '.env'), 'PORT=0\n')
    const first = await run(dir, env())
    expect(await count(first.port, 2)).toEqual(['count: 1', 'count: 2'])
    first.stop()
    expect(await first.exited).toBe(0)
    const second = await run(dir, env())
    expect(await count(second.port, 1)).toEqual(['count: 3'])
    second.stop()
    expect(await second.exited).toBe(0)
    // The embedded database lives beside package.json, not in the working directory nbts ran from.
    const local = env().DATABASE_URL === undefined
    expect(existsSync(join(dir, 'data', 'nonebot.sqlite'))).toBe(local)
    expect(existsSync(join(tmpdir(), 'data', 'nonebot.sqlite'))).toBe(false)
  })
}
