import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { type ChangeBatch, watchBot } from './watcher.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function botDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'nbts-watch-'))
  cleanups.push(() => rm(dir, { recursive: true, force: true }))
  await mkdir(join(dir, 'plugins/deep'), { recursive: true })
  await mkdir(join(dir, 'plugins/node_modules'), { recursive: true })
  return dir
}

/** Watches `dir` and returns a function resolving with the next batch. */
function watch(dir: string, paths: string[] = []) {
  const batches: ChangeBatch[] = []
  const waiters: Array<(batch: ChangeBatch) => void> = []
  const stop = watchBot({ botDir: dir, dirs: [join(dir, 'plugins')], paths }, (batch) => {
    const waiter = waiters.shift()
    if (waiter) waiter(batch)
    else batches.push(batch)
  })
  cleanups.push(stop)
  return () =>
    batches.length > 0
      ? Promise.resolve(batches.shift()!)
      : new Promise<ChangeBatch>((resolve) => waiters.push(resolve))
}

describe('watchBot', () => {
  it('reports code changes below plugin dirs in one batch and ignores swap files and node_modules', async () => {
    const dir = await botDir()
    const next = watch(dir)
    await writeFile(join(dir, 'plugins/.a.ts.swp'), 'x')
    await writeFile(join(dir, 'plugins/a.ts~'), 'x')
    await writeFile(join(dir, 'plugins/node_modules/x.js'), 'x')
    await writeFile(join(dir, 'plugins/notes.txt'), 'x')
    await writeFile(join(dir, 'plugins/a.ts'), 'export {}')
    await writeFile(join(dir, 'plugins/deep/b.ts'), 'export {}')
    // One batch normally; a slow machine may split the writes over two, so collect until b.ts.
    const seen = new Set<string>()
    while (!seen.has(join(dir, 'plugins/deep/b.ts'))) {
      const batch = await next()
      expect(batch.restart).toBe(false)
      for (const path of batch.code) seen.add(path)
    }
    expect([...seen].sort()).toEqual([join(dir, 'plugins/a.ts'), join(dir, 'plugins/deep/b.ts')])
  })

  it('asks for a restart when .env, .env.* or package.json change, not for other files of the bot dir', async () => {
    const dir = await botDir()
    const next = watch(dir, [join(dir, 'bot.ts')])
    await writeFile(join(dir, 'notes.md'), 'x')
    await writeFile(join(dir, 'other.ts'), 'x')
    await writeFile(join(dir, '.env.dev'), 'PORT=1')
    const first = await next()
    expect(first).toEqual({ restart: true, code: new Set() })
    await writeFile(join(dir, 'bot.ts'), 'export {}') // a plugin named by path in package.json
    expect(await next()).toEqual({ restart: false, code: new Set([join(dir, 'bot.ts')]) })
    await writeFile(join(dir, 'package.json'), '{}')
    expect((await next()).restart).toBe(true)
  })
})
