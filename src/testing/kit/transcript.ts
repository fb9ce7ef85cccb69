import { AssertionError } from 'node:assert'
import { isDeepStrictEqual } from 'node:util'
import type { Matcher } from '../../matcher/matcher.js'
import type { RunOutcome, RunOutcomeKind } from '../../matcher/run.js'
import { cqToSegments } from '../simulator/cq.js'
import { renderMessage } from '../simulator/render.js'
import type { ActionRecord } from '../simulator/types.js'

/** A message the bot sent, as text and as wire segments. */
export interface SentMessage {
  /** Readable text: `@name` mentions, `[image]`, `[reply]`... (see `renderMessage`). */
  readonly text: string
  /** The segments on the wire (a V11 CQ string is parsed into segments). */
  readonly segments: readonly { readonly type: string; readonly data: Record<string, unknown> }[]
  /** `private`, `group` (or a V12 detail type). */
  readonly detailType: string
  /** The user or group it went to. */
  readonly targetId: string
  readonly record: ActionRecord
}

/**
 * What `shouldSend` compares: the readable text exactly, a RegExp the text matches, the exact wire
 * segments, or a predicate on the sent message.
 */
export type SendExpectation = string | RegExp | readonly unknown[] | ((message: SentMessage) => boolean)

/** Which matcher an outcome assertion is about: a `Matcher` (anything with its `info`), or a matcher or plugin name. */
export type MatcherRef = Pick<Matcher, 'info'> | string

const SEND_ACTIONS = new Set(['send_msg', 'send_private_msg', 'send_group_msg', 'send_message'])

/**
 * What the bot did, in order: every API call it made (sends included) and how each matcher turn
 * ended. Assertions take entries from the front, so a test reads as the conversation went.
 */
export class Transcript {
  readonly #actions: ActionRecord[] = []
  #outcomes: RunOutcome[] = []
  readonly #sent: ActionRecord[] = []
  #arrivals: (() => void)[] = []

  addAction(record: ActionRecord): void {
    this.#actions.push(record)
    if (isSend(record)) this.#sent.push(record)
    for (const wake of this.#arrivals.splice(0)) wake()
  }

  /** Resolves once a call is waiting to be asserted (at once if one is). */
  nextAction(): Promise<void> {
    if (this.#actions.length > 0) return Promise.resolve()
    return new Promise((resolve) => this.#arrivals.push(resolve))
  }

  addOutcome(outcome: RunOutcome): void {
    this.#outcomes.push(outcome)
  }

  /** A new event: outcomes left unasserted belong to the previous turn and are dropped. */
  newTurn(): void {
    this.#outcomes = []
  }

  /** Forget everything (after the connection's own start-up traffic). */
  reset(): void {
    this.#actions.length = 0
    this.#outcomes = []
    this.#sent.length = 0
  }

  /** Everything sent since the start, as text (not consumed). */
  replies(): string[] {
    return this.#sent.filter((r) => r.outcome.status !== 'failed').map((r) => toSent(r).text)
  }

  /** API calls not asserted yet. */
  pending(): readonly ActionRecord[] {
    return this.#actions
  }

  takeApi(action: string, params: Readonly<Record<string, unknown>> | undefined): ActionRecord {
    const record = this.#actions.shift()
    const expected = params === undefined ? { action } : { action, params }
    if (!record) fail(`expected a call to ${action}, but the bot called nothing more`, undefined, expected)
    const actual =
      params === undefined
        ? { action: record.action }
        : { action: record.action, params: pick(record.params, params) }
    if (!isDeepStrictEqual(actual, expected))
      fail(
        `expected a call to ${action}${params ? ' with these params' : ''}, got ${record.action}`,
        actual,
        expected,
      )
    return record
  }

  takeSend(expected: SendExpectation): SentMessage {
    const record = this.#actions.shift()
    if (!record) fail('expected the bot to send a message, but it called nothing more', undefined, expected)
    if (!isSend(record))
      fail(`expected the bot to send a message, got a call to ${record.action}`, record.action, expected)
    const sent = toSent(record)
    if (typeof expected === 'function') {
      if (!expected(sent))
        fail(`the bot sent "${sent.text}", which the predicate refused`, sent.text, expected)
    } else if (expected instanceof RegExp) {
      expected.lastIndex = 0
      if (!expected.test(sent.text))
        fail(`the bot sent "${sent.text}", which does not match ${expected}`, sent.text, expected)
    } else {
      const actual = typeof expected === 'string' ? sent.text : sent.segments
      if (!isDeepStrictEqual(actual, expected)) fail('the bot sent something else', actual, expected)
    }
    return sent
  }

  takeOutcome(kind: RunOutcomeKind, matcher: MatcherRef | undefined): RunOutcome {
    const index = this.#outcomes.findIndex((o) => matcher === undefined || isMatcher(o, matcher))
    const outcome = this.#outcomes[index]
    const who = matcher === undefined ? 'a matcher' : `matcher ${describeRef(matcher)}`
    if (!outcome) {
      const left = this.#outcomes.map((o) => `"${o.matcher.name}" ${o.kind}`)
      const why =
        left.length > 0
          ? `only these turns ended: ${left.join(', ')}`
          : 'no matcher turn ended (did any run?)'
      fail(`expected ${who} to be ${kind}, but ${why}`, undefined, kind)
    }
    this.#outcomes.splice(index, 1)
    if (outcome.kind !== kind) {
      const why = outcome.kind === 'failed' ? ` (it threw: ${String(outcome.error)})` : ''
      fail(
        `expected ${who} to be ${kind}, but "${outcome.matcher.name}" was ${outcome.kind}${why}`,
        outcome.kind,
        kind,
      )
    }
    return outcome
  }

  nothingElse(): void {
    if (this.#actions.length === 0) return
    const calls = this.#actions.map((r) => (isSend(r) ? `${r.action}: ${toSent(r).text}` : r.action))
    fail(`expected nothing else, but the bot also called: ${calls.join('; ')}`, calls, [])
  }
}

function isSend(record: ActionRecord): boolean {
  return SEND_ACTIONS.has(record.action) || record.action === '.handle_quick_operation'
}

function toSent(record: ActionRecord): SentMessage {
  const quick = record.action === '.handle_quick_operation'
  // A V11 quick reply names its target in the event it answers (`context`).
  const p = (quick ? record.params.context : record.params) as Record<string, unknown>
  const message = quick ? (record.params.operation as { reply?: unknown } | undefined)?.reply : p.message
  const segments =
    typeof message === 'string'
      ? cqToSegments(message)
      : Array.isArray(message)
        ? message
        : message === undefined
          ? []
          : [message]
  const detailType = String(p.detail_type ?? p.message_type ?? (p.group_id != null ? 'group' : 'private'))
  const targetId = String(detailType === 'group' ? p.group_id : (p.user_id ?? p.channel_id ?? ''))
  return {
    text: renderMessage(message),
    segments: segments as SentMessage['segments'],
    detailType,
    targetId,
    record,
  }
}

/** The keys of `actual` named in `expected`, so a test states only the params it cares about. */
function pick(
  actual: Record<string, unknown>,
  expected: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(expected)) if (key in actual) out[key] = actual[key]
  return out
}

function isMatcher(outcome: RunOutcome, ref: MatcherRef): boolean {
  if (typeof ref === 'string') return outcome.matcher.name === ref || outcome.matcher.plugin === ref
  return outcome.matcher.id === ref.info.id
}

function describeRef(ref: MatcherRef): string {
  return typeof ref === 'string' ? `"${ref}"` : `#${ref.info.id}`
}

function fail(message: string, actual: unknown, expected: unknown): never {
  throw new AssertionError({ message, actual, expected, operator: 'deepStrictEqual' })
}
