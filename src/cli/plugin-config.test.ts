import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'

// The real binary in a child process, as src/cli/main.test.ts runs it.
const bin = fileURLToPath(new URL('../../bin/nbts.js', import.meta.url))
const entry = pathToFileURL(fileURLToPath(new URL('../index.ts', import.meta.url))).href

const dirs: string[] = []
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

/** A bot directory whose one local plugin reads WEATHER_DAYS with the `z` nonebot-ts exports. */
async function botDir(env: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'nbts-plugin-config-'))
  dirs.push(dir)
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'bot', type: 'module', nonebot: { plugins: ['./weather.ts'] } }),
  )
  await writeFile(join(dir, '.env'), `PORT=0\n${env}`)
  await writeFile(
    join(dir, 'weather.ts'),
    `import { definePlugin, z } from '${entry}'\n` +
      'export default definePlugin({\n' +
      "  name: 'weather',\n" +
      "  config: { weather_days: z.number().int().min(1).max(7).describe('a number of days from 1 to 7') },\n" +
      '  setup(ctx, config) {\n' +
      "    ctx.logger.info('weather for ' + config.weather_days + ' days')\n" +
      '  },\n' +
      '})\n',
  )
  return dir
}

function run(dir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [bin, 'run', '--cwd', dir], {
    env: { PATH: process.env.PATH ?? '', LOG_FORMAT: 'json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => {
    stdout += String(chunk)
    // A good configuration starts the bot: stop it once it listens.
    if (stdout.includes('listening on')) child.kill('SIGINT')
  })
  child.stderr.on('data', (chunk) => {
    stderr += String(chunk)
  })
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })))
}

describe('plugin configuration (child process)', () => {
  it('a bad plugin config value stops start-up with the one-line error of core keys, exit 1, no stack', async () => {
    const bad = await run(await botDir('WEATHER_DAYS=30\n'))
    expect(bad.code).toBe(1)
    expect(bad.stderr).toBe(
      'error: Invalid configuration WEATHER_DAYS=30: expected a number of days from 1 to 7\n',
    )
    expect(bad.stdout).not.toContain('listening on')
    expect(bad.stdout).not.toMatch(/\n\s+at /)
  })

  it('a good one loads the plugin with its parsed value', async () => {
    const good = await run(await botDir('WEATHER_DAYS=3\n'))
    expect(good.stderr).toBe('')
    expect(good.stdout).toContain('weather for 3 days')
  })
})
