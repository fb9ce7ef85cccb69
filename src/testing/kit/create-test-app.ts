// node:timers, not the globals: a test's vi.useFakeTimers() moves the app's clock, not the kit's waits.
import { clearTimeout, setImmediate, setTimeout } from 'node:timers'
import type { Bot } from '../../adapter/bot.js'
import type { App } from '../../app.js'
import type { Logger } from '../../log.js'
import type { RunOutcome } from '../../matcher/run.js'
import type { Plugin } from '../../plugin/define-plugin.js'
import type { FakeClock } from '../fake-clock.js'
import type { V11WireEvent, V12WireEvent } from '../simulator/events/wire.js'
import type { SendMessageOptions } from '../simulator/options.js'
import type { V11ProfileName } from '../simulator/profiles.js'
import type { Simulator } from '../simulator/simulator.js'
import type { ActionBehaviour, ActionRecord, V11Mode, V12Mode } from '../simulator/types.js'
import { type Answer, AnswerQueue } from './answers.js'
import { DispatchTap, isSameEvent } from './dispatch-tap.js'
import { type MatcherRef, type SendExpectation, type SentMessage, Transcript } from './transcript.js'
import { buildRig, type Rig, type TestAdapter } from './wiring.js'

export type { TestAdapter }

export interface TestAppOptions {
  readonly plugins?: readonly Plugin[]
  /** Configuration, as in `.env` (`SUPERUSERS`, `NICKNAME`, `COMMAND_START`, plugin keys...). */
  readonly config?: Readonly<Record<string, unknown>>
  /** @default 'onebot.v11' */
  readonly adapter?: TestAdapter
  /**
   * `memory` (default): the real adapter over an in-memory reverse WebSocket, no sockets.
   * `wire`: the app listens on 127.0.0.1 (port 0) and the simulator dials it over TCP.
   */
  readonly transport?: 'memory' | 'wire'
  /**
   * With `transport: 'wire'`, the connection mode: V11 `ws-reverse` (default), `http-post`,
   * `ws-forward`; V12 `ws-reverse`, `webhook`, `ws-forward`.
   */
  readonly mode?: V11Mode | V12Mode
  /** Bots the simulated implementation plays. @default one bot, 10001 (the factories' default) */
  readonly botIds?: readonly (string | number)[]
  /** V11 implementation to imitate. @default 'napcat' */
  readonly profile?: V11ProfileName
  /**
   * Action answers installed before the bots connect, e.g. the groups they are in:
   * `{ get_group_list: (call) => [{ group_id: 1 }] }` (later: `t.answer` or `t.sim.override`).
   */
  readonly actions?: Readonly<Record<string, ActionBehaviour>>
  /** How long `receive` waits for the adapter to dispatch the event. @default 2000 */
  readonly timeoutMs?: number
  readonly logger?: Logger
  /** How long `stop()` (and a plugin's unload) waits for running handlers, in ms. @default 5000 */
  readonly shutdownGraceMs?: number
  /**
   * Where the fake clock (`t.clock`) starts: scheduled jobs and TTLs follow it, not real time.
   * @default the real time at creation
   */
  readonly now?: Date | string | number
}

/**
 * An app with the chosen plugins and the real OneBot adapter, fed by a simulated implementation.
 * `receive` an event, then assert what the bot did, in order, as the conversation went:
 *
 * @example
 * const t = await createTestApp({ plugins: [echo] })
 * await t.receive(v11Events.privateMessage({ text: '/echo hello' }))
 * t.shouldSend('hello')
 * t.shouldFinish()
 * t.shouldDoNothingElse()
 * await t.stop()
 */
export class TestApp {
  readonly app: App
  /** The simulated implementation (profile, overrides, raw action records). */
  readonly sim: Simulator
  readonly adapter: TestAdapter
  /** The app's clock: `await t.clock.advance('1d')` runs the jobs due in that day, in order. */
  readonly clock: FakeClock
  readonly #cleanup: () => Promise<void>
  readonly #tap: DispatchTap
  readonly #transcript = new Transcript()
  readonly #answers: AnswerQueue
  readonly #timeoutMs: number

  constructor(rig: Rig, tap: DispatchTap, timeoutMs: number) {
    const { app, sim } = rig
    this.app = app
    this.sim = sim
    this.adapter = rig.adapter
    this.clock = rig.clock
    this.#cleanup = () => rig.cleanup()
    this.#tap = tap
    this.#timeoutMs = timeoutMs
    this.#answers = new AnswerQueue(sim)
    sim.onAction((record) => this.#transcript.addAction(record))
    app.plugins.dispatcher.runListeners.add((outcome) => this.#transcript.addOutcome(outcome))
  }

  /** The app's bot for the simulator's first bot (or the one named). */
  bot(id?: string | number): Bot {
    const selfId = String(id ?? this.sim.bots[0]!.id)
    const bot = this.app.bot(this.adapter, selfId)
    if (!bot) throw new Error(`bot ${selfId} is not connected`)
    return bot
  }

  /**
   * Push one event (built with the `v11Events`/`v12Events` factories) over the connection and wait until the
   * app has handled it: every matcher finished, or waits for the next message.
   */
  async receive(event: V11WireEvent | V12WireEvent): Promise<void> {
    this.#transcript.newTurn()
    const what = describeEvent(event)
    const dispatched = this.#tap.next((incoming) => isSameEvent(event, incoming.event), this.#timeoutMs, what)
    // Listen before pushing: over the in-memory socket the event is dispatched before send() resolves.
    const delivery = this.sim.send(event)
    await Promise.all([dispatched, delivery])
    await this.app.plugins.idle()
    await settle()
  }

  /** A message from a user, as `sim.sendMessage` builds it: private, or group with `groupId`. */
  async say(text: string, options: SendMessageOptions & { botId?: string | number } = {}): Promise<void> {
    const { botId, ...rest } = options
    await this.receive(this.sim.messageEvent(botId, text, rest))
  }

  /** The next call to `action` returns `result` (queued in order; the simulator's default after). */
  answer(action: string, result: unknown): this {
    this.#answers.push(action, { result })
    return this
  }

  /** The next call to `action` fails with `retcode` (the bot's call throws `ActionFailed`). */
  answerError(action: string, retcode: number, message?: string): this {
    const answer: Answer = { error: { retcode, message } }
    this.#answers.push(action, answer)
    return this
  }

  /** The next thing the bot did was calling `action` (with at least these `params`, if given). */
  shouldCallApi(action: string, params?: Readonly<Record<string, unknown>>): ActionRecord {
    return this.#transcript.takeApi(action, params)
  }

  /**
   * The next thing the bot did was sending this text (rendered readably), text matching this
   * RegExp, these segments, or a message the predicate accepts.
   */
  shouldSend(expected: SendExpectation): SentMessage {
    return this.#transcript.takeSend(expected)
  }

  /**
   * Waits for the bot's next call, then asserts it is a send (as `shouldSend`; any message when
   * `expected` is left out). For replies that come later than the event that caused them: a
   * prompt's timeout, a `ctx.setTimeout`, a slow API. With fake timers, advance the clock first.
   * Rejects after `timeoutMs` (default: the app's `timeoutMs`) of real time.
   *
   * @example
   * await vi.advanceTimersByTimeAsync(60_000)
   * await t.waitForSend('Too slow.')
   */
  async waitForSend(expected?: SendExpectation, options: { timeoutMs?: number } = {}): Promise<SentMessage> {
    await this.#nextAction(options.timeoutMs, 'send a message')
    return this.#transcript.takeSend(expected ?? (() => true))
  }

  /** Waits for the bot's next call, then asserts it as `shouldCallApi` does. */
  async waitForApi(
    action: string,
    params?: Readonly<Record<string, unknown>>,
    options: { timeoutMs?: number } = {},
  ): Promise<ActionRecord> {
    await this.#nextAction(options.timeoutMs, `call ${action}`)
    return this.#transcript.takeApi(action, params)
  }

  async #nextAction(timeoutMs = this.#timeoutMs, what: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `the bot did not ${what} within ${timeoutMs} ms (real time; with fake timers, advance them first)`,
            ),
          ),
        timeoutMs,
      )
    })
    try {
      await Promise.race([this.#transcript.nextAction(), late])
    } finally {
      clearTimeout(timer)
    }
    await settle()
  }

  /** A matcher (the first one whose turn ended, or the one named) ran to its end or `finish`ed. */
  shouldFinish(matcher?: MatcherRef): RunOutcome {
    return this.#transcript.takeOutcome('finished', matcher)
  }

  /** A matcher `pause`d (or awaits `c.prompt`): it waits for the next message, then goes on. */
  shouldPause(matcher?: MatcherRef): RunOutcome {
    return this.#transcript.takeOutcome('paused', matcher)
  }

  /** A matcher `reject`ed (or a `got` asked): it waits for the next message, then runs the handler again. */
  shouldReject(matcher?: MatcherRef): RunOutcome {
    return this.#transcript.takeOutcome('rejected', matcher)
  }

  /** A matcher's handler threw. */
  shouldFail(matcher?: MatcherRef): RunOutcome {
    return this.#transcript.takeOutcome('failed', matcher)
  }

  /** No API call (or message) is left unasserted. */
  shouldDoNothingElse(): void {
    this.#transcript.nothingElse()
  }

  /** Every text the bot sent since the start (not consumed by the `should*` assertions). */
  replies(): string[] {
    return this.#transcript.replies()
  }

  /** API calls not asserted yet. */
  get pendingCalls(): readonly ActionRecord[] {
    return this.#transcript.pending()
  }

  async stop(): Promise<void> {
    await this.sim.close()
    await this.app.stop()
    await this.#cleanup()
  }

  /** Wait for the simulator's connection and its start-up events, then start a clean transcript. */
  async ready(): Promise<void> {
    await this.sim.waitConnected({ timeoutMs: this.#timeoutMs })
    const ids = this.sim.bots.map((b) => b.id)
    // Counted in real waits, not Date.now(): the test may have faked the clock already.
    for (let waited = 0; !ids.every((id) => this.app.bot(this.adapter, id)); waited += 2) {
      if (waited > this.#timeoutMs) throw new Error(`bots ${ids.join(', ')} did not connect to the app`)
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
    await settle()
    await this.app.plugins.idle()
    this.#transcript.reset()
  }
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const tap = new DispatchTap()
  const rig = await buildRig(options, tap)
  const t = new TestApp(rig, tap, options.timeoutMs ?? 2000)
  try {
    await rig.connect()
    await t.ready()
  } catch (error) {
    await t.stop()
    throw error
  }
  return t
}

/** Let microtasks and already-queued I/O callbacks run (fire-and-forget calls reach the simulator). */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve))
}

function describeEvent(event: V11WireEvent | V12WireEvent): string {
  const type = event.post_type ?? event.type
  const detail =
    event.message_type ??
    event.notice_type ??
    event.request_type ??
    event.meta_event_type ??
    event.detail_type
  return `the ${String(type)}${detail === undefined ? '' : `.${String(detail)}`} event`
}
