import { type ChildProcess, spawn } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import type { CliIo } from '../io.js'
import { simulateCommand } from './command.js'
import { SIMULATE_MODES } from './setup.js'

const bin = fileURLToPath(new URL('../../../bin/nbts.js', import.meta.url))
const dirs: string[] = []
const children: ChildProcess[] = []
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

async function echoBot(env = ''): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'nbts-sim-'))
  dirs.push(dir)
  await writeFile(join(dir, 'package.json'), JSON.stringify({ nonebot: { builtinPlugins: ['echo'] } }))
  await writeFile(join(dir, '.env'), env)
  return dir
}

/** Collects text and resolves `waitFor` once it contains a pattern. */
function collector() {
  let text = ''
  const wakers = new Set<() => void>()
  return {
    add(chunk: unknown) {
      text += String(chunk)
      for (const wake of wakers) wake()
    },
    text: () => text,
    async waitFor(pattern: string | RegExp): Promise<void> {
      const found = () => (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text))
      while (!found()) {
        await new Promise<void>((resolve) => {
          const wake = () => {
            wakers.delete(wake)
            resolve()
          }
          wakers.add(wake)
        })
      }
    },
  }
}

function inProcess(cwd: string) {
  const input = new PassThrough()
  const output = new PassThrough()
  const out = collector()
  const err = collector()
  output.on('data', (chunk) => out.add(chunk))
  const io: CliIo = {
    stdout: (t) => out.add(t),
    stderr: (t) => err.add(t),
    env: {},
    cwd,
    exit: ((code: number) => {
      throw new Error(`exit ${code}`)
    }) as CliIo['exit'],
    signals: new EventEmitter(),
    terminal: { input, output, isTTY: false },
  }
  return { io, input, out, err }
}

describe('nbts simulate (in-process)', () => {
  it('rejects an unknown mode and a profile of the other version', async () => {
    const a = inProcess(tmpdir())
    expect(await simulateCommand(['--mode', 'v13-pigeon'], a.io)).toBe(2)
    expect(a.err.text()).toMatch(
      /^error: --mode must be one of v11-ws-reverse, .*v12-ws-forward, not "v13-pigeon"\n$/,
    )
    const b = inProcess(tmpdir())
    expect(await simulateCommand(['--mode', 'v12-webhook', '--profile', 'napcat'], b.io)).toBe(2)
    expect(b.err.text()).toBe(
      'error: --profile napcat is not a V12 implementation (see nbts simulate --help)\n',
    )
  })

  it('explains that a bot without a server part cannot be reached in a reverse mode', async () => {
    const dir = await echoBot('DRIVER=~none+~websockets\n')
    const { io, err } = inProcess(dir)
    expect(await simulateCommand([], io)).toBe(1)
    expect(err.text()).toContain(
      'error: the bot does not listen (DRIVER has no server part), so a simulated implementation cannot reach it',
    )
  })

  for (const mode of SIMULATE_MODES) {
    it(`chats with the echo plugin privately and in a group over ${mode}`, async () => {
      const dir = await echoBot('ONEBOT_ACCESS_TOKEN=from-the-env-file\n')
      const { io, input, out } = inProcess(dir)
      const done = simulateCommand(['--mode', mode, '--token', 't0k', '--user', '42'], io)
      await out.waitFor('Type a message')
      input.write('/echo hello\n')
      await out.waitFor('bot: hello\n')
      input.write('/group 7\n/echo not addressed\n@bot /echo in the group\n')
      await out.waitFor('bot in group 7: in the group\n')
      input.write('/quit\n')
      expect(await done).toBe(0)
      // A group message that does not address the bot gets no echo.
      expect(out.text()).not.toContain('bot in group 7: not addressed')
      expect(out.text()).toContain('user 42 in group 7: @bot /echo in the group')
    })
  }

  it('renders CQ codes the bot sends back readably, and waits for answers when stdin ends', async () => {
    const dir = await echoBot()
    const { io, input, out } = inProcess(dir)
    const done = simulateCommand([], io)
    await out.waitFor('Type a message')
    input.end('/echo look [CQ:image,file=a.png] [CQ:face,id=14]\n')
    expect(await done).toBe(0)
    expect(out.text()).toContain('bot: look [image] [face:14]\n')
  })

  it('writes the whole log to --log-file and keeps it out of the chat', async () => {
    const dir = await echoBot()
    const { io, input, out } = inProcess(dir)
    const done = simulateCommand(['--log-file', 'bot.log'], io)
    await out.waitFor('Type a message')
    input.end('/echo hi\n')
    expect(await done).toBe(0)
    expect(out.text()).toContain('bot: hi\n')
    expect(out.text()).not.toContain('INFO')
    const log = await readFile(join(dir, 'bot.log'), 'utf8')
    expect(log).toContain('INFO: plugin echo loaded')
    expect(log).toContain('INFO: bot 10001 connected (onebot.v11)')
    expect(log).toContain('INFO: stopped')
  })
})

describe('nbts simulate (child process)', () => {
  it('answers /echo typed on stdin and quits on /quit', async () => {
    const dir = await echoBot()
    const child = spawn(process.execPath, [bin, 'simulate', '--cwd', dir], {
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    children.push(child)
    const out = collector()
    const err = collector()
    child.stdout!.on('data', (chunk) => out.add(chunk))
    child.stderr!.on('data', (chunk) => err.add(chunk))
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
    await out.waitFor('Type a message')
    child.stdin!.write('/echo hello\n')
    await out.waitFor('bot: hello\n')
    child.stdin!.write('/quit\n')
    expect(await exited).toBe(0)
    expect(err.text()).toBe('')
  })
})
