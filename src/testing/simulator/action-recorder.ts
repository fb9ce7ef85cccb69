import { renderMessage } from './render.js'
import type { ActionOutcome, ActionRecord } from './types.js'

/** A message the bot sent, in readable form. */
export interface SentMessage {
  readonly text: string
  /** `private` / `group` (or a V12 detail type). */
  readonly detailType: string
  /** The user or group the message went to. */
  readonly targetId: string
  readonly botId: string | undefined
  readonly record: ActionRecord
}

interface Waiter {
  readonly name: string | undefined
  readonly resolve: (record: ActionRecord) => void
}

const SEND_ACTIONS = new Set(['send_msg', 'send_private_msg', 'send_group_msg', 'send_message'])

/**
 * Every action in order of arrival, and a cursor for `next()`: each record is handed out once,
 * so an action that arrived before the test started waiting is not missed.
 */
export class ActionRecorder {
  readonly #records: ActionRecord[] = []
  readonly #taken = new Set<number>()
  /** Every record before this index has been taken: `next()` scans from here, not from 0. */
  #firstUntaken = 0
  #waiters: Waiter[] = []
  readonly #listeners = new Set<(record: ActionRecord) => void>()

  get all(): readonly ActionRecord[] {
    return this.#records
  }

  add(
    fields: Omit<ActionRecord, 'seq' | 'outcome'>,
    outcome: ActionOutcome = { status: 'pending' },
  ): ActionRecord {
    const record: ActionRecord = { seq: this.#records.length + 1, ...fields, outcome }
    this.#records.push(record)
    for (const listener of this.#listeners) listener(record)
    const waiter = this.#waiters.find((w) => w.name === undefined || w.name === record.action)
    if (waiter) {
      this.#waiters = this.#waiters.filter((w) => w !== waiter)
      this.#taken.add(record.seq)
      waiter.resolve(record)
    }
    return record
  }

  /** Call `listener` for every action as it arrives (before it is answered); returns an unsubscribe. */
  listen(listener: (record: ActionRecord) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Set how an action was answered (records are read-only to everyone else). */
  settle(record: ActionRecord, outcome: ActionOutcome): void {
    ;(record as { outcome: ActionOutcome }).outcome = outcome
  }

  /** The next not-yet-taken action (named `name`, if given); waits up to `timeoutMs`. */
  next(name?: string, options: { timeoutMs?: number } = {}): Promise<ActionRecord> {
    const found = this.#findUntaken(name)
    if (found) return Promise.resolve(found)
    const timeoutMs = options.timeoutMs ?? 5000
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        name,
        resolve: (record) => {
          clearTimeout(timer)
          resolve(record)
        },
      }
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter)
        const seen = this.#records.map((r) => r.action).join(', ') || 'none'
        reject(new Error(`No ${name ?? 'action'} within ${timeoutMs} ms (actions so far: ${seen})`))
      }, timeoutMs)
      this.#waiters.push(waiter)
    })
  }

  #findUntaken(name: string | undefined): ActionRecord | undefined {
    const records = this.#records
    while (this.#firstUntaken < records.length && this.#taken.has(records[this.#firstUntaken]!.seq))
      this.#firstUntaken++
    for (let i = this.#firstUntaken; i < records.length; i++) {
      const record = records[i]!
      if (!this.#taken.has(record.seq) && (name === undefined || record.action === name)) {
        this.#taken.add(record.seq)
        return record
      }
    }
    return undefined
  }

  /** Actions not yet handed out by `next()`. */
  untaken(): ActionRecord[] {
    return this.#records.filter((r) => !this.#taken.has(r.seq))
  }

  clear(): void {
    this.#records.length = 0
    this.#taken.clear()
    this.#firstUntaken = 0
  }

  /** Messages the bot sent (send actions that did not fail, and quick-operation replies), rendered readably. */
  sentMessages(names?: Readonly<Record<string, string>>): SentMessage[] {
    const sent: SentMessage[] = []
    for (const record of this.#records) {
      const message = toSentMessage(record, names)
      if (message) sent.push(message)
    }
    return sent
  }
}

function toSentMessage(
  record: ActionRecord,
  names?: Readonly<Record<string, string>>,
): SentMessage | undefined {
  const p = record.params
  if (record.outcome.status === 'failed') return undefined
  if (SEND_ACTIONS.has(record.action)) {
    const detailType = String(
      p.detail_type ??
        p.message_type ??
        (record.action === 'send_group_msg' || (p.group_id != null && record.action !== 'send_private_msg')
          ? 'group'
          : 'private'),
    )
    const targetId = String(detailType === 'group' ? p.group_id : (p.user_id ?? p.channel_id ?? ''))
    return { text: renderMessage(p.message, { names }), detailType, targetId, botId: record.botId, record }
  }
  if (record.action === '.handle_quick_operation') {
    const operation = p.operation as Record<string, unknown> | undefined
    const context = p.context as Record<string, unknown> | undefined
    if (!operation || operation.reply === undefined || !context) return undefined
    const detailType = String(context.message_type ?? 'private')
    const targetId = String(detailType === 'group' ? context.group_id : context.user_id)
    return {
      text: renderMessage(operation.reply, { names }),
      detailType,
      targetId,
      botId: record.botId,
      record,
    }
  }
  return undefined
}
