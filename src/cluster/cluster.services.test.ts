import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { jetstreamManager } from '@nats-io/jetstream'
import { Kvm } from '@nats-io/kv'
import { connect } from '@nats-io/transport-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { services } from '../../test/services/env.js'
import { onebotV11 } from '../adapters/onebot/v11/index.js'
import { App } from '../app.js'
import { silentLogger } from '../log.js'
import { echo } from '../plugins/echo.js'
import { createSimulator, type Simulator } from '../testing/simulator/index.js'
import { type ClusterMember, joinCluster } from './join.js'
import type { ClusterOptions } from './options.js'
import { botsBucket, eventStream } from './subjects.js'

const bin = fileURLToPath(new URL('../../bin/nbts.js', import.meta.url))

const options = (): ClusterOptions => ({
  servers: [services.natsUrl],
  credsFile: undefined,
  prefix: `${services.runId}_cl`,
  partitions: 4,
  botTtlMs: 30_000,
  ackWaitMs: 2000,
})

interface Running {
  readonly app: App
  readonly member: ClusterMember
}

async function gateway(): Promise<Running> {
  const member = await joinCluster({
    role: 'gateway',
    options: options(),
    adapters: [onebotV11()],
    logger: silentLogger(),
  })
  const app = new App({ config: { host: '127.0.0.1', port: 0 }, adapters: member.adapters })
  await member.install(app)
  await app.start()
  return { app, member }
}

async function worker(config: Record<string, unknown> = {}): Promise<Running> {
  const member = await joinCluster({
    role: 'worker',
    options: options(),
    adapters: [onebotV11()],
    logger: silentLogger(),
  })
  const app = new App({ config, adapters: member.adapters, driverParts: new Set(), plugins: [echo] })
  await member.install(app)
  await app.start()
  return { app, member }
}

/** Sends `/echo <text>` from a user and waits for the bot's answer, through gateway and worker. */
async function echoed(sim: Simulator, text: string): Promise<void> {
  await sim.sendMessage(undefined, `/echo ${text}`)
  const action = await sim.nextAction('send_private_msg', { timeoutMs: 10_000 })
  expect(JSON.stringify(action.params.message)).toContain(text)
}

/** `nbts run --role worker` in a bot directory of its own, as an operator would start it. */
async function workerProcess(dirs: string[]): Promise<{ child: ChildProcess; output: () => string }> {
  const dir = await mkdtemp(join(tmpdir(), 'nbts-worker-'))
  dirs.push(dir)
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({ nonebot: { adapters: ['onebot.v11'], builtinPlugins: ['echo'] } }),
  )
  const env = [
    `NATS_URL=${services.natsUrl}`,
    `NATS_PREFIX=${options().prefix}`,
    'PORT=0',
    'CLUSTER_ACK_WAIT=2',
    'CONSOLE=off',
    'LOG_FORMAT=json',
  ]
  await writeFile(join(dir, '.env'), `${env.join('\n')}\n`)
  const child = spawn(process.execPath, [bin, 'run', '--role', 'worker', '--cwd', dir], {
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let text = ''
  child.stdout?.on('data', (chunk) => {
    text += String(chunk)
  })
  child.stderr?.on('data', (chunk) => {
    text += String(chunk)
  })
  return { child, output: () => text }
}

describe('cluster on NATS JetStream: one gateway, workers, a reverse-WS V11 bot', () => {
  let gw: Running
  let sim: Simulator
  const stoppers: Array<() => Promise<void>> = []
  const children: ChildProcess[] = []
  const dirs: string[] = []

  beforeAll(async () => {
    gw = await gateway()
    const port = gw.app.driver.server?.address()?.port
    sim = createSimulator({ version: 11, mode: 'ws-reverse', url: `ws://127.0.0.1:${port}/onebot/v11/ws` })
    await sim.start()
    await sim.waitConnected()
  })

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
    for (const stop of stoppers.splice(0).reverse()) await stop()
    await sim?.close()
    await gw?.app.stop()
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
    const nc = await connect({ servers: services.natsUrl })
    try {
      const jsm = await jetstreamManager(nc)
      await jsm.streams.delete(eventStream(options())).catch(() => false)
      await (await new Kvm(nc).open(botsBucket(options()))).destroy().catch(() => false)
    } finally {
      await nc.close()
    }
  })

  it('records the bot as owned by the gateway in the bots bucket', async () => {
    // The gateway owns the bot once its connect hook ran.
    await expect.poll(() => gw.member.gateway?.held).toEqual(['onebot.v11:10001'])
    const nc = await connect({ servers: services.natsUrl })
    try {
      const kv = await new Kvm(nc).open(botsBucket(options()))
      await expect.poll(async () => (await kv.get('onebot_v11.10001'))?.string()).toBe(gw.member.id)
    } finally {
      await nc.close()
    }
  })

  it('answers /echo through the broker: event to a worker, send_private_msg back through the gateway', async () => {
    const w = await worker()
    try {
      await echoed(sim, 'through the broker')
      expect(w.member.worker?.handled).toBeGreaterThan(0)
      // The bot's API call was a request to the gateway: the worker's bot has no socket of its own.
      expect(w.app.bot('onebot.v11', '10001')?.describeConnection()).toBe('through the cluster')
    } finally {
      await w.app.stop()
    }
  })

  it('a worker killed with SIGKILL: the other worker answers every following /echo', async () => {
    const a = await workerProcess(dirs)
    children.push(a.child)
    await expect.poll(a.output, { timeout: 30_000 }).toContain('cluster worker')
    const b = await worker()
    try {
      // Both pull from one durable consumer: keep talking until the child has handled some.
      for (let i = 0; !a.output().includes('bot 10001 connected'); i++) {
        expect(i).toBeLessThan(40)
        await echoed(sim, `before ${i}`)
      }
      const handledByB = b.member.worker?.handled ?? 0
      a.child.kill('SIGKILL')
      await once(a.child, 'exit')
      // An event the dead worker had been handed unacknowledged comes to b after CLUSTER_ACK_WAIT.
      for (let i = 0; i < 5; i++) await echoed(sim, `after ${i}`)
      expect((b.member.worker?.handled ?? 0) - handledByB).toBe(5)
    } finally {
      await b.app.stop()
    }
  })

  it('an action for a bot no gateway holds fails at once as offline, not as a timeout', async () => {
    // API_TIMEOUT of 10 minutes: an answer within the test's time can only be "no responders".
    const w = await worker({ api_timeout: 600 })
    stoppers.push(() => w.app.stop())
    await echoed(sim, 'bot known to the worker')
    const bot = w.app.bot('onebot.v11', '10001')
    await sim.close()
    await expect.poll(() => gw.member.gateway?.held).toEqual([])
    await expect(bot?.callApi('send_private_msg', { user_id: 1, message: 'hi' })).rejects.toMatchObject({
      code: 'E_BOT_OFFLINE',
    })
  })
})
