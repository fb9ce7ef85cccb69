import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { ForwardServer } from './generator/forward-ws.js'
import { HttpPostTransport } from './generator/http-post.js'
import type { BotLink } from './generator/link.js'
import { LoadEngine, sleep } from './generator/load-engine.js'
import { Responder } from './generator/responder.js'
import { dialReverse } from './generator/reverse-ws.js'
import { freePort, waitForHandshake, waitForTcp } from './net.js'
import type { Options } from './options.js'
import type { Scenario } from './scenarios.js'
import { median, percentile } from './stats.js'
import { cpuTimeMs, memoryKiB, type TargetProcess } from './targets/child.js'
import { BENCH_DIR, eventUrl, type Target } from './targets/target.js'
import { v11Wire } from './wire/v11.js'
import { v12Wire } from './wire/v12.js'

export interface RunRecord {
  round: number
  scenario: string
  target: string
  status: 'ok' | 'skipped' | 'failed'
  reason?: string
  /** Spawn to first accepted connection (ms). */
  startupMs?: number
  throughput?: number
  replies?: number
  p50?: number
  p90?: number
  p99?: number
  max?: number
  lost?: number
  duplicates?: number
  cpuMsPerEvent?: number
  peakRssMiB?: number
  generatorLoad?: number
  idleBots?: number
  rssBeforeMiB?: number
  rssAfterMiB?: number
  rssPerBotKiB?: number
  /** HTTP POST only: TCP connections opened (keep-alive working means a handful, not one per event). */
  apiConnections?: number
  eventConnections?: number
}

const FIRST_SELF_ID = 10001
const SETTLE_MS = 1000

export async function runOne(
  scenario: Scenario,
  target: Target,
  round: number,
  options: Options,
): Promise<RunRecord> {
  const base = { round, scenario: scenario.id, target: target.name }
  if (!target.modes.includes(scenario.mode)) {
    return { ...base, status: 'skipped', reason: `${scenario.mode} not supported` } satisfies RunRecord
  }
  const unavailable = target.unavailable()
  if (unavailable !== undefined)
    return { ...base, status: 'skipped', reason: unavailable } satisfies RunRecord
  const dir = join(BENCH_DIR, '.work', target.name, `${scenario.id}-r${round}`)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const run = new ScenarioRun(scenario, target, options, dir)
  try {
    return { ...base, status: 'ok', ...(await run.execute()) } satisfies RunRecord
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    const failed: RunRecord = { ...base, status: 'failed', reason: reason + logTail(join(dir, 'target.log')) }
    if (run.startupMs !== undefined) failed.startupMs = run.startupMs
    return failed
  } finally {
    await run.close()
  }
}

class ScenarioRun {
  private readonly version: 11 | 12
  private readonly engine = new LoadEngine()
  private readonly parts
  private forward?: ForwardServer
  private http?: HttpPostTransport
  private process?: TargetProcess
  private port = 0
  private readonly selfIds: string[]
  /** Set once the target accepted its first connection. */
  startupMs?: number

  constructor(
    private readonly scenario: Scenario,
    private readonly target: Target,
    private readonly options: Options,
    private readonly dir: string,
  ) {
    this.version = scenario.mode === 'v12-rws' ? 12 : 11
    const wire = this.version === 12 ? v12Wire : v11Wire
    this.parts = { wire, engine: this.engine, responder: new Responder(wire) }
    const bots = scenario.kind === 'idle' ? options.idleBots + 1 : scenario.bots
    this.selfIds = Array.from({ length: bots }, (_, i) => String(FIRST_SELF_ID + i))
  }

  async execute(): Promise<Omit<RunRecord, 'round' | 'scenario' | 'target' | 'status'>> {
    const { scenario } = this
    const startupMs = await this.start()
    this.startupMs = startupMs
    if (scenario.kind === 'idle') return { startupMs, ...(await this.idle()) }
    const links = await this.connect(this.selfIds)
    await this.engine.probe(this.options.readyTimeoutMs)
    await this.connectedCheck(links.length)
    return { startupMs, ...(await this.load()) }
  }

  async close(): Promise<void> {
    this.engine.close()
    this.forward?.close()
    this.http?.close()
    await this.process?.stop()
  }

  /** Starts the target; resolves with the ms from spawn to its first accepted connection. */
  private async start(): Promise<number> {
    const { mode } = this.scenario
    if (mode === 'v11-fws') this.forward = await ForwardServer.listen(this.parts)
    if (mode === 'v11-http') this.http = await HttpPostTransport.listen(this.parts)
    this.port = await freePort()
    const forward = this.forward
    const http = this.http
    const proc = this.target.start({
      mode,
      port: this.port,
      selfIds: this.selfIds,
      wsUrls: forward ? this.selfIds.map((id) => forward.urlFor(id)) : [],
      apiRoots: http ? Object.fromEntries(this.selfIds.map((id) => [id, http.apiRootFor(id)])) : {},
      dir: this.dir,
    })
    this.process = proc
    const timeout = this.options.readyTimeoutMs
    if (mode === 'v11-fws') {
      await forward!.waitFor(this.selfIds.slice(0, 1), timeout)
      return performance.now() - proc.spawnedAt
    }
    if (mode === 'v11-http') return (await waitForTcp(this.port, proc, timeout)) - proc.spawnedAt
    const url = eventUrl(mode, this.port)
    const opened =
      this.version === 11
        ? await waitForHandshake(
            url,
            { 'X-Self-ID': this.selfIds[0]!, 'X-Client-Role': 'Universal' },
            [],
            proc,
            timeout,
          )
        : await waitForHandshake(url, {}, ['12.bench'], proc, timeout)
    return opened - proc.spawnedAt
  }

  private async connect(selfIds: readonly string[]): Promise<BotLink[]> {
    const { mode } = this.scenario
    if (this.forward) return this.forward.waitFor(selfIds, this.options.readyTimeoutMs)
    const url = eventUrl(mode, this.port)
    if (this.http) return selfIds.map((id) => this.http!.link(url, id))
    return dialReverse({ url, version: this.version, ...this.parts }, selfIds)
  }

  private async connectedCheck(links: number): Promise<void> {
    if (links !== this.selfIds.length) throw new Error(`${links} of ${this.selfIds.length} bots connected`)
  }

  private async load() {
    const pid = this.process!.pid
    let cpuBefore = 0
    const result = await this.engine.run({
      windowPerBot: this.scenario.window,
      warmupMs: this.options.warmupMs,
      measureMs: this.options.measureMs,
      stallMs: this.options.stallMs,
      onMeasureStart: () => {
        cpuBefore = cpuTimeMs(pid)
      },
    })
    const cpuMs = cpuTimeMs(pid) - cpuBefore
    const latencies = result.latencies
    return {
      throughput: result.throughput,
      replies: result.replies,
      p50: percentile(latencies, 0.5),
      p90: percentile(latencies, 0.9),
      p99: percentile(latencies, 0.99),
      max: percentile(latencies, 1),
      lost: result.lost,
      duplicates: result.duplicates,
      cpuMsPerEvent: result.replies > 0 ? cpuMs / result.replies : undefined,
      peakRssMiB: memoryKiB(pid).peak / 1024,
      generatorLoad: result.generatorLoad,
      apiConnections: this.http?.apiConnections,
      eventConnections: this.http?.eventConnections,
    }
  }

  /** RSS after one bot, then after `idleBots` more connected and idle, each having answered one probe. */
  private async idle() {
    const pid = this.process!.pid
    const timeout = this.options.readyTimeoutMs
    await this.connect(this.selfIds.slice(0, 1))
    await this.engine.probe(timeout)
    const before = await settledRss(pid)
    await this.connect(this.selfIds.slice(1))
    await this.engine.probe(timeout + this.selfIds.length * 20)
    const after = await settledRss(pid)
    const idleBots = this.selfIds.length - 1
    return {
      idleBots,
      rssBeforeMiB: before / 1024,
      rssAfterMiB: after / 1024,
      rssPerBotKiB: (after - before) / idleBots,
      peakRssMiB: memoryKiB(pid).peak / 1024,
    }
  }
}

/** After a settle pause, the median of five VmRSS samples 200 ms apart (GC makes single reads noisy). */
async function settledRss(pid: number): Promise<number> {
  await sleep(SETTLE_MS)
  const samples: number[] = []
  for (let i = 0; i < 5; i++) {
    if (i > 0) await sleep(200)
    samples.push(memoryKiB(pid).rss)
  }
  return median(samples)!
}

function logTail(file: string): string {
  try {
    const lines = readFileSync(file, 'utf8').trim().split('\n').slice(-5).join('\n    ')
    return lines ? `\n    target log (${file}):\n    ${lines}` : ''
  } catch {
    return ''
  }
}
