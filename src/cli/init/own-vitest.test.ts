// A bot created inside the framework's checkout runs its tests with its own vitest config, not the
// framework's (vitest takes the first config it finds walking up from the project).
import { EventEmitter } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, expect, it } from 'vitest'
import { createVitest } from 'vitest/node'
import type { CliIo } from '../io.js'
import { initCommand } from './command.js'
import { FRAMEWORK_ROOT } from './framework-spec.js'

const dirs: string[] = []
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

async function configUsedIn(root: string): Promise<{ file: string | undefined; include: string[] }> {
  const vitest = await createVitest('test', { root, watch: false })
  try {
    return { file: vitest.vite.config.configFile, include: vitest.config.include }
  } finally {
    await vitest.close()
  }
}

it('a bot scaffolded inside the checkout has its own vitest config and root', async () => {
  const inside = await mkdtemp(join(FRAMEWORK_ROOT, 'node_modules', '.cache', 'nbts-own-vitest-'))
  dirs.push(inside)
  // Without a config of its own, a folder there would run with the framework's.
  expect((await configUsedIn(inside)).file).toBe(join(FRAMEWORK_ROOT, 'vitest.config.ts'))

  const io: CliIo = {
    stdout: () => {},
    stderr: () => {},
    env: {},
    cwd: inside,
    exit: ((code: number) => {
      throw new Error(`exit ${code}`)
    }) as CliIo['exit'],
    signals: new EventEmitter(),
    terminal: { input: new PassThrough(), output: new PassThrough(), isTTY: false },
  }
  expect(await initCommand(['my-bot', '--yes'], io)).toBe(0)
  const bot = join(inside, 'my-bot')
  const used = await configUsedIn(bot)
  expect(used.file).toBe(join(bot, 'vitest.config.ts'))
  expect(used.include).toEqual(['src/**/*.test.ts'])
}, 60_000)
