import { EventEmitter } from 'node:events'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CliIo } from '../cli/io.js'
import { runCommand } from '../cli/run.js'
import { ConfigStore } from '../config/store.js'
import { ConfigError, NetworkError } from '../errors.js'
import { RemoteActionError } from './errors.js'
import { readClusterOptions } from './options.js'
import { apiSubject, botKey, eventSubject, partitionOf, token } from './subjects.js'
import { replyOf, resultOf } from './wire.js'

const names = { prefix: 'nbts', partitions: 16 }

describe('cluster names', () => {
  it('escapes what subjects and KV keys cannot hold, and keeps plain ids as they are', () => {
    expect(token('10001')).toBe('10001')
    expect(token('a.b*c>d e')).toBe('a=2eb=2ac=3ed=20e')
    expect(apiSubject(names, 'onebot.v11', '10001')).toBe('nbts.api.onebot_v11.10001')
    expect(eventSubject(names, 'onebot.v12', 'tg.42', 3)).toBe('nbts.evt.onebot_v12.tg=2e42.3')
    expect(botKey('onebot.v11', '10001')).toBe('onebot_v11.10001')
  })

  it('puts one session always in the same partition, and spreads sessions over all of them', () => {
    const first = partitionOf(names, 'onebot.v11', '10001', 'group_1_2')
    expect(partitionOf(names, 'onebot.v11', '10001', 'group_1_2')).toBe(first)
    const seen = new Set<number>()
    for (let i = 0; i < 500; i++) seen.add(partitionOf(names, 'onebot.v11', '10001', `group_${i}_7`))
    expect([...seen].every((p) => p >= 0 && p < 16)).toBe(true)
    expect(seen.size).toBe(16)
  })
})

describe('cluster settings', () => {
  it('role all without NATS_URL is the single process; servers are comma-separated', () => {
    expect(readClusterOptions(new ConfigStore({}), 'all')).toBeUndefined()
    const options = readClusterOptions(
      new ConfigStore({ NATS_URL: ' nats://a:4222, nats://b:4222 ', NATS_PREFIX: 'bots1' }),
      'worker',
    )
    expect(options).toMatchObject({
      servers: ['nats://a:4222', 'nats://b:4222'],
      prefix: 'bots1',
      partitions: 16,
      botTtlMs: 30_000,
      ackWaitMs: 10_000,
    })
  })

  it('a cluster role without NATS_URL, or a prefix with a dot, is a configuration error', () => {
    expect(() => readClusterOptions(new ConfigStore({}), 'gateway')).toThrow(ConfigError)
    expect(() =>
      readClusterOptions(new ConfigStore({ NATS_URL: 'nats://a', NATS_PREFIX: 'a.b' }), 'worker'),
    ).toThrow(/NATS_PREFIX/)
  })
})

describe('action replies', () => {
  it('an error of the gateway reaches the worker with its code and retcode', () => {
    const failed = Object.assign(new NetworkError('socket closed'), { retcode: 100 })
    let error: unknown
    try {
      resultOf(JSON.parse(JSON.stringify(replyOf(failed))))
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(RemoteActionError)
    expect(error).toMatchObject({ code: 'E_NETWORK', remoteName: 'NetworkError', retcode: 100 })
    expect(resultOf({ ok: true, data: { message_id: '1' } })).toEqual({ message_id: '1' })
    expect(() => resultOf('garbage')).toThrow(/not an action reply/)
  })
})

describe('nbts run --role', () => {
  const dirs: string[] = []
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
  })

  async function run(argv: string[]): Promise<{ code: number; stderr: string }> {
    const dir = await mkdtemp(join(tmpdir(), 'nbts-role-'))
    dirs.push(dir)
    await writeFile(join(dir, 'package.json'), JSON.stringify({ nonebot: { adapters: [] } }))
    let stderr = ''
    const io: CliIo = {
      stdout: () => {},
      stderr: (text) => {
        stderr += text
      },
      env: {},
      cwd: dir,
      exit: ((code: number) => {
        throw new Error(`exit ${code}`)
      }) as CliIo['exit'],
      signals: new EventEmitter(),
    }
    const code = await runCommand(argv, io, { adapters: {}, loadPlugins: async () => {} })
    return { code, stderr }
  }

  it('refuses an unknown role, and --reload outside --role all', async () => {
    expect(await run(['--role', 'hub'])).toEqual({
      code: 2,
      stderr: 'error: --role must be all, gateway or worker, not "hub"\n',
    })
    expect((await run(['--role', 'worker', '--reload'])).code).toBe(2)
  })

  it('a worker without NATS_URL stops at start with an error naming the key', async () => {
    const { code, stderr } = await run(['--role', 'worker'])
    expect(code).toBe(1)
    expect(stderr).toContain('NATS_URL')
  })
})
