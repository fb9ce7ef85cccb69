import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSimulator } from '../../src/testing/simulator/index.js'

/**
 * The whole path a new user takes, outside any checkout: pack nonebot-ts, install the tarball in
 * an empty directory, `npx nbts init`, then the project's own `npm install`, `npm test` and
 * `npm start`, and a `/echo` answered over reverse WebSocket. It needs the npm registry for the
 * project's other dependencies, so it is `npm run test:package` (minutes), not part of `npm test` or CI.
 */
const ROOT = new URL('../../', import.meta.url).pathname
const run = promisify(execFile)
const MINUTES = 60_000

let work: string
let tarball: string
let createTarball: string

/** This process's environment without vitest's own variables, which would confuse a nested vitest. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(VITEST|TINYPOOL|NODE_OPTIONS$|NODE_ENV$)/.test(key)),
  )
}

async function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  return run(cmd, args, {
    cwd,
    env: { ...cleanEnv(), CI: 'true', npm_config_update_notifier: 'false', ...env },
    maxBuffer: 64 * 1024 * 1024,
  })
}

async function pack(dir: string): Promise<string> {
  const { stdout } = await sh('npm', ['pack', dir, '--pack-destination', work, '--json', '--silent'], ROOT)
  const [info] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[]
  return join(work, info!.filename)
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'nbts-package-'))
  tarball = await pack(ROOT)
  createTarball = await pack(join(ROOT, 'packages/create-nonebot-ts'))
}, 30 * MINUTES)

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true })
})

describe('installed from the package, no checkout', () => {
  it('ships dist, bin, templates, README, LICENSE and CHANGELOG, and no test file', async () => {
    const { stdout } = await sh('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], ROOT)
    const [info] = JSON.parse(stdout) as { files: { path: string }[] }[]
    const paths = info!.files.map((f) => f.path)
    expect(paths.filter((p) => /\.test(-d)?\.ts$|test-support|\/fixtures\//.test(p))).toEqual([])
    expect(paths.filter((p) => p.startsWith('src/') || p.startsWith('bench/'))).toEqual([])
    for (const file of [
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'bin/nbts.js',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/index.js.map',
      'dist/testing/index.js',
      'templates/bot/src/plugins/hello.test.ts.tmpl',
    ]) {
      expect(paths).toContain(file)
    }
  })

  it(
    'init, install, test, start: a new bot answers /echo',
    async () => {
      const user = join(work, 'user')
      await sh('mkdir', ['-p', user], work)
      await sh('npm', ['install', tarball, '--no-audit', '--no-fund'], user)
      const version = await sh('npx', ['nbts', '--version'], user)
      expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/)

      await sh('npx', ['nbts', 'init', 'my-bot', '--yes'], user)
      const bot = join(user, 'my-bot')
      const pkg = JSON.parse(await readFile(join(bot, 'package.json'), 'utf8'))
      expect(pkg.dependencies['nonebot-ts']).toMatch(/^file:vendor\/nonebot-ts-\d+\.\d+\.\d+\.tgz$/)
      expect(await readFile(join(bot, pkg.dependencies['nonebot-ts'].slice('file:'.length)))).toBeTruthy()

      await sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], bot)
      const tested = await sh('npm', ['test'], bot)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: vitest colours its summary
      expect(tested.stdout.replace(/\u001b\[[0-9;]*m/g, '')).toMatch(/Tests\s+\d+ passed/)

      // The lint catches a send that forgot `await`.
      await writeFile(
        join(bot, 'src/plugins/forgot-await.ts'),
        "import { definePlugin } from 'nonebot-ts'\n\nexport default definePlugin({\n  name: 'forgot-await',\n  setup(ctx) {\n    ctx.command('x', async (c) => {\n      c.send('working on it')\n      await c.send(c.args)\n    })\n  },\n})\n",
      )
      const lint = await sh('npx', ['eslint', 'src/plugins/forgot-await.ts'], bot).catch(
        (error: { code: number; stdout: string }) => error,
      )
      expect('code' in lint ? lint.code : 0).toBe(1)
      expect(lint.stdout).toContain('@typescript-eslint/no-floating-promises')
      await rm(join(bot, 'src/plugins/forgot-await.ts'))

      const child = spawn('npm', ['start'], {
        cwd: bot,
        env: { ...cleanEnv(), PORT: '0', LOG_FORMAT: 'json' },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      })
      try {
        const port = await listeningPort(child)
        const sim = createSimulator({
          version: 11,
          mode: 'ws-reverse',
          url: `ws://127.0.0.1:${port}/onebot/v11/ws`,
        })
        await sim.start()
        try {
          await sim.waitConnected({ timeoutMs: 10_000 })
          await sim.sendMessage(undefined, '/echo hello from the package')
          await sim.nextAction('send_private_msg', { timeoutMs: 10_000 })
          expect(sim.sentTexts()).toEqual(['hello from the package'])
        } finally {
          await sim.close()
        }
      } finally {
        if (child.pid) process.kill(-child.pid, 'SIGINT')
        await new Promise((resolve) => child.once('exit', resolve))
      }
    },
    30 * MINUTES,
  )

  it(
    'npm create nonebot-ts makes the same project',
    async () => {
      // The directory of the test above, where nonebot-ts is installed already.
      const user = join(work, 'user')
      await sh('npm', ['install', createTarball, '--no-audit', '--no-fund', '--prefer-offline'], user)
      await sh('npm', ['create', 'nonebot-ts', 'made-by-create', '--', '--yes', '--impl', 'lagrange'], user)
      const bot = join(user, 'made-by-create')
      const pkg = JSON.parse(await readFile(join(bot, 'package.json'), 'utf8'))
      expect(pkg.name).toBe('made-by-create')
      expect(pkg.dependencies['nonebot-ts']).toMatch(/^file:vendor\/nonebot-ts-/)
      expect(await readFile(join(bot, 'ONEBOT-SETUP.md'), 'utf8')).toContain('Lagrange.OneBot')
    },
    30 * MINUTES,
  )
})

function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)
      if (match) resolve(Number(match[1]))
    })
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString()
    })
    child.once('exit', (code) => reject(new Error(`npm start exited ${code}: ${err || out}`)))
  })
}
