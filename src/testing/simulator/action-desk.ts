import { setTimeout as sleep } from 'node:timers/promises'
import { ActionRecorder } from './action-recorder.js'
import { type DefaultActionEnv, V12_META_ACTIONS, v11Defaults, v12Defaults } from './default-actions.js'
import { envelope, type Outcome } from './envelope.js'
import type { V12Self, WireActionRequest } from './events/wire.js'
import {
  type ActionBehaviour,
  type ActionCall,
  type ActionChannel,
  ActionFailure,
  type ActionHandler,
  type ActionRecord,
  type SimBot,
} from './types.js'

/**
 * What the desk answers: a response envelope (a string: bytes to send as they are, or none) and
 * the HTTP status to use over HTTP.
 */
export interface DeskAnswer {
  readonly response: Record<string, unknown> | string | undefined
  readonly httpStatus: number
}

interface Override {
  readonly behaviour: ActionBehaviour
  remaining: number
}

/**
 * Answers actions like an implementation: overrides first, then the default table, then the
 * profile's "unknown action" failure. Every action is recorded before it is answered.
 */
export class ActionDesk {
  readonly recorder = new ActionRecorder()
  readonly #overrides = new Map<string, Override[]>()
  readonly #env: DefaultActionEnv

  constructor(env: DefaultActionEnv) {
    this.#env = env
  }

  /** Answer `action` with `behaviour` (for the next `times` calls, or until the disposer runs). */
  override(action: string, behaviour: ActionBehaviour, options: { times?: number } = {}): () => void {
    const entry: Override = { behaviour, remaining: options.times ?? Number.POSITIVE_INFINITY }
    const list = this.#overrides.get(action) ?? []
    list.unshift(entry)
    this.#overrides.set(action, list)
    return () => {
      const current = this.#overrides.get(action)
      if (current)
        this.#overrides.set(
          action,
          current.filter((item) => item !== entry),
        )
    }
  }

  /**
   * Record and answer one request. `connectionBot` is the bot a V11 connection belongs to; V12
   * requests name their bot in `self`.
   */
  async handle(
    request: WireActionRequest,
    connectionBot: SimBot | undefined,
    channel: ActionChannel,
    transport: 'ws' | 'http',
  ): Promise<DeskAnswer> {
    const params = isObject(request.params) ? request.params : {}
    const echo = { echo: request.echo, hasEcho: 'echo' in request }
    const { profile } = this.#env
    const selfBot = profile.version === 12 ? this.#findSelf(request.self) : connectionBot
    const record = this.recorder.add({
      action: request.action,
      params,
      botId: selfBot?.id ?? connectionBot?.id,
      self: request.self,
      channel,
      echo: request.echo,
    })
    const call: ActionCall = { action: request.action, params, bot: selfBot ?? connectionBot, channel }
    const selfProblem = this.#checkSelf(request)
    if (selfProblem)
      return this.#answer(record, selfProblem, envelope(profile, selfProblem, echo, transport), 200)

    // `*` answers any action that has no override of its own.
    const behaviour = this.#takeOverride(request.action) ?? this.#takeOverride('*')
    if (behaviour && typeof behaviour === 'object' && 'noAnswer' in behaviour) {
      return { response: undefined, httpStatus: 200 }
    }
    if (behaviour && typeof behaviour === 'object' && 'raw' in behaviour) {
      const response = behaviour.raw({ echo: request.echo, params })
      const envelope =
        typeof response === 'string' ? (JSON.parse(response) as Record<string, unknown>) : response
      this.recorder.settle(
        record,
        envelope.status === 'ok'
          ? { status: 'ok', data: envelope.data }
          : {
              status: 'failed',
              retcode: Number(envelope.retcode),
              message: String(envelope.message ?? envelope.status),
            },
      )
      return { response, httpStatus: 200 }
    }
    if (behaviour && typeof behaviour === 'object' && behaviour.delayMs) await sleep(behaviour.delayMs)
    const handler = behaviour ? toHandler(behaviour) : this.#defaultHandler(request.action)
    if (!handler) {
      const wsRetcode = profile.unknownAction.wsRetcode
      const retcode = transport === 'http' ? profile.unknownAction.httpRetcode : wsRetcode
      const outcome: Outcome = {
        ok: false,
        retcode,
        data: null,
        message: `unknown action: ${request.action}`,
      }
      const status = transport === 'http' ? profile.unknownAction.httpStatus : 200
      return this.#answer(record, outcome, envelope(profile, outcome, echo, transport), status)
    }
    const outcome = await run(
      handler,
      call,
      profile.version === 11 ? profile.handlerErrorRetcode[transport] : 20002,
    )
    return this.#answer(record, outcome, envelope(profile, outcome, echo, transport), 200)
  }

  #answer(
    record: ActionRecord,
    outcome: Outcome,
    response: Record<string, unknown>,
    httpStatus: number,
  ): DeskAnswer {
    this.recorder.settle(
      record,
      outcome.ok
        ? { status: 'ok', data: outcome.data }
        : { status: 'failed', retcode: outcome.retcode, message: outcome.message },
    )
    return { response, httpStatus }
  }

  #findSelf(self: V12Self | undefined): SimBot | undefined {
    if (self)
      return this.#env.bots.find((bot) => bot.id === String(self.user_id) && bot.platform === self.platform)
    return this.#env.bots.length === 1 ? this.#env.bots[0] : undefined
  }

  /** V12: several bots on one connection need `self` (10101), and it must name one of them (10102). */
  #checkSelf(request: WireActionRequest): Outcome | undefined {
    if (this.#env.profile.version !== 12 || V12_META_ACTIONS.has(request.action)) return undefined
    if (!request.self) {
      return this.#env.bots.length > 1
        ? { ok: false, retcode: 10101, data: null, message: 'Who Am I' }
        : undefined
    }
    return this.#findSelf(request.self)
      ? undefined
      : { ok: false, retcode: 10102, data: null, message: 'Unknown Self' }
  }

  #takeOverride(action: string): ActionBehaviour | undefined {
    const list = this.#overrides.get(action)
    const entry = list?.[0]
    if (!list || !entry) return undefined
    entry.remaining -= 1
    if (entry.remaining <= 0) list.shift()
    return entry.behaviour
  }

  #defaultHandler(action: string): ActionHandler | undefined {
    const env = this.#env
    const table = env.profile.version === 11 ? v11Defaults : v12Defaults
    let name = action
    // gocq strips `_async`; napcat and LLOneBot alias it; Lagrange does not know it.
    if (env.profile.version === 11 && env.profile.name !== 'lagrange' && name.endsWith('_async')) {
      name = name.slice(0, -'_async'.length)
    }
    const fn = table[name]
    if (fn) return (call) => fn(call, env)
    // V11 setters have no data: answer them with success so tests need not list each one.
    if (env.profile.version === 11 && name.startsWith('set_')) return () => null
    return undefined
  }
}

function toHandler(
  behaviour: Exclude<ActionBehaviour, { noAnswer: true } | { raw: unknown }>,
): ActionHandler {
  if (typeof behaviour === 'function') return behaviour
  if ('handler' in behaviour) return behaviour.handler
  if ('fail' in behaviour) {
    const { retcode, message } = behaviour.fail
    return () => {
      throw new ActionFailure(retcode, message)
    }
  }
  return () => behaviour.result
}

/** Runs a handler; a plain throw fails with `errorRetcode` (napcat 1200 over WS, V12 20002). */
async function run(handler: ActionHandler, call: ActionCall, errorRetcode: number): Promise<Outcome> {
  try {
    return { ok: true, retcode: 0, data: await handler(call), message: '' }
  } catch (error) {
    if (error instanceof ActionFailure)
      return { ok: false, retcode: error.retcode, data: null, message: error.message }
    const message = error instanceof Error ? error.message : String(error)
    return { ok: false, retcode: errorRetcode, data: null, message }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
