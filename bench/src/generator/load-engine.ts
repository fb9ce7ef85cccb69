import { findToken } from '../wire/token.js'
import type { BotLink } from './link.js'
import { PROBE, REPLIED, Samples, SENT, SequenceTable } from './sequence-table.js'

// Drives private `/echo <token>` events through bot links with a fixed window of events in flight
// per bot, and correlates every reply action with its event through the token. The hot path
// (reply -> next send) touches only typed arrays and concatenates pre-serialised templates.

export interface LoadPlan {
  /** Events in flight per bot connection (the total is bots x window). */
  windowPerBot: number
  warmupMs: number
  measureMs: number
  /** Stop waiting for the last replies after this long without any reply. */
  stallMs: number
  /** Called when the measured window opens (e.g. to snapshot the target's CPU time). */
  onMeasureStart?: () => void
}

export interface LoadResult {
  /** Replies received after the measured window opened (including those drained after it closed). */
  replies: number
  durationMs: number
  throughput: number
  /** Sorted latencies (ms) of events sent inside the measured window. */
  latencies: Float64Array
  /** Events (warm-up included) that never got a reply. */
  lost: number
  duplicates: number
  /** Load generator CPU time over the measured window as a share of one core (0-1). */
  generatorLoad: number
}

const USERS = 64
const PROBE_RETRY_MS = 1000
const PROBES_IN_FLIGHT = 64

export class LoadEngine {
  private readonly table = new SequenceTable()
  private readonly links: BotLink[] = []
  private inflight = new Int32Array(16)
  private ready = new Uint8Array(16)
  private readyCount = 0
  private nextSeq = 0
  private outstanding = 0
  private duplicates = 0
  private sending = false
  private windowPerBot = 1
  private measureStartSeq = Number.POSITIVE_INFINITY
  private measureEndSeq = Number.POSITIVE_INFINITY
  private measuring = false
  private repliesMeasured = 0
  private lastReplyAt = 0
  private latencies = new Samples()

  get botCount(): number {
    return this.links.length
  }

  attach(link: BotLink): void {
    const index = this.links.length
    this.links.push(link)
    if (index >= this.inflight.length) {
      const inflight = new Int32Array(this.inflight.length * 2)
      inflight.set(this.inflight)
      this.inflight = inflight
      const ready = new Uint8Array(this.ready.length * 2)
      ready.set(this.ready)
      this.ready = ready
    }
  }

  /** Transports hand every action frame (or HTTP action body) here before answering it. */
  noteAction(raw: string): void {
    const seq = findToken(raw)
    if (seq >= 0 && seq < this.nextSeq) this.reply(seq)
  }

  /**
   * Sends probe events until every bot has answered one: a bot counts as connected only when the
   * target has actually processed an event for it (a target may drop events until its bot is set
   * up). A bot's probe is re-sent after PROBE_RETRY_MS without a reply, and at most PROBES_IN_FLIGHT
   * probes are outstanding, so a slow target is not flooded. Probes never count as lost.
   */
  async probe(timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs
    const lastProbeAt = new Float64Array(this.links.length).fill(Number.NEGATIVE_INFINITY)
    while (this.readyCount < this.links.length) {
      const now = performance.now()
      if (now > deadline) {
        throw new Error(`${this.links.length - this.readyCount} of ${this.links.length} bots never replied`)
      }
      let inFlight = 0
      for (let b = 0; b < this.links.length; b++) {
        if (!this.ready[b] && now - lastProbeAt[b]! < PROBE_RETRY_MS) inFlight++
      }
      for (let b = 0; b < this.links.length && inFlight < PROBES_IN_FLIGHT; b++) {
        if (this.ready[b] || now - lastProbeAt[b]! < PROBE_RETRY_MS) continue
        lastProbeAt[b] = now
        inFlight++
        this.send(b, true)
      }
      await sleep(5)
    }
  }

  async run(plan: LoadPlan): Promise<LoadResult> {
    this.windowPerBot = plan.windowPerBot
    this.sending = true
    for (let b = 0; b < this.links.length; b++) this.fill(b)
    await sleep(plan.warmupMs)

    plan.onMeasureStart?.()
    const cpu = process.cpuUsage()
    const t0 = performance.now()
    this.lastReplyAt = t0
    this.measureStartSeq = this.nextSeq
    this.measuring = true
    await sleep(plan.measureMs)

    this.measureEndSeq = this.nextSeq
    this.sending = false
    while (this.outstanding > 0 && performance.now() - this.lastReplyAt < plan.stallMs) await sleep(10)
    const cpuUsed = process.cpuUsage(cpu)
    this.measuring = false

    const durationMs = this.lastReplyAt - t0
    return {
      replies: this.repliesMeasured,
      durationMs,
      throughput: durationMs > 0 ? (this.repliesMeasured * 1000) / durationMs : 0,
      latencies: this.latencies.sorted(),
      lost: this.outstanding,
      duplicates: this.duplicates,
      generatorLoad: durationMs > 0 ? (cpuUsed.user + cpuUsed.system) / 1000 / durationMs : 0,
    }
  }

  close(): void {
    this.sending = false
    for (const link of this.links) link.close()
  }

  private fill(b: number): void {
    while (this.inflight[b]! < this.windowPerBot) this.send(b, false)
  }

  private send(b: number, probe: boolean): void {
    const seq = this.nextSeq++
    const table = this.table
    table.ensure(seq)
    table.bot[seq] = b
    table.state[seq] = probe ? SENT | PROBE : SENT
    if (!probe) {
      this.outstanding++
      this.inflight[b]!++
    }
    const link = this.links[b]!
    const frame = link.writeEvent(seq, 20000 + (seq % USERS))
    table.sentAt[seq] = performance.now()
    link.send(frame)
  }

  private reply(seq: number): void {
    const table = this.table
    const state = table.state[seq]!
    if (state & REPLIED) {
      this.duplicates++
      return
    }
    table.state[seq] = state | REPLIED
    const b = table.bot[seq]!
    if (state & PROBE) {
      if (!this.ready[b]) {
        this.ready[b] = 1
        this.readyCount++
      }
      return
    }
    const now = performance.now()
    this.outstanding--
    this.inflight[b]!--
    if (this.measuring) {
      this.repliesMeasured++
      this.lastReplyAt = now
      if (seq >= this.measureStartSeq && seq < this.measureEndSeq)
        this.latencies.push(now - table.sentAt[seq]!)
    }
    if (this.sending) this.fill(b)
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
