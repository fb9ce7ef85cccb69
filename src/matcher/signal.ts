import type { SendOptions } from '../adapter/bot.js'
import type { MessageInput } from '../message/segment.js'

/**
 * The one internal control-flow signal. `finish`, `reject`, `pause`, `skip` and the hook-level
 * skips throw it; only the matcher runner and the dispatcher catch it. It is not exported from the
 * package, and the runner also remembers the last signal of a run, so a user `try/catch` that
 * swallows it by accident does not change what happens.
 */
export type SignalKind = 'finish' | 'reject' | 'pause' | 'skip' | 'skipMatcher' | 'skipEvent'

export class ControlSignal extends Error {
  constructor(
    readonly kind: SignalKind,
    readonly reason?: string,
    /** For `pause`/`reject`: what to send once the run waits. */
    readonly prompt?: MessageInput,
    readonly options?: SendOptions,
  ) {
    super(`nonebot-ts control signal: ${kind} (thrown outside a handler?)`)
    this.name = 'ControlSignal'
  }
}

export function isSignal(value: unknown): value is ControlSignal {
  return value instanceof ControlSignal
}
