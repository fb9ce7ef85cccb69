import type { Simulator } from '../simulator/simulator.js'
import { ActionFailure } from '../simulator/types.js'

/** A result to return, or an error (OneBot `retcode` and message) to fail with. */
export type Answer =
  | { readonly result: unknown }
  | { readonly error: { readonly retcode: number; readonly message?: string } }

/**
 * Answers queued per action, used first in, first out; when an action's queue is empty the
 * simulator's defaults answer. Each queued answer is one `times: 1` override, installed only when
 * it becomes the head, so the simulator's newest-wins rule never reverses the order.
 */
export class AnswerQueue {
  readonly #sim: Simulator
  readonly #queues = new Map<string, Answer[]>()

  constructor(sim: Simulator) {
    this.#sim = sim
  }

  push(action: string, answer: Answer): void {
    const queue = this.#queues.get(action)
    if (queue) {
      queue.push(answer)
      return
    }
    this.#queues.set(action, [answer])
    this.#install(action)
  }

  /** Queued answers no call has used yet, by action. */
  unused(): Record<string, number> {
    const out: Record<string, number> = {}
    for (const [action, queue] of this.#queues) out[action] = queue.length
    return out
  }

  #install(action: string): void {
    this.#sim.override(
      action,
      () => {
        const queue = this.#queues.get(action)
        const answer = queue?.shift()
        if (queue && queue.length > 0) this.#install(action)
        else this.#queues.delete(action)
        if (!answer) return null
        if ('error' in answer) throw new ActionFailure(answer.error.retcode, answer.error.message ?? 'failed')
        return answer.result
      },
      { times: 1 },
    )
  }
}
