import { NonebotError } from '../../../errors.js'

/** What both versions know about a failed action. */
export interface ActionFailure {
  readonly action: string
  readonly params: Readonly<Record<string, unknown>>
  /** Undefined when the implementation sent none (V11 only; V12 requires it). */
  readonly retcode: number | undefined
  /** The implementation's own error text ('' when it gave none). */
  readonly reason: string
}

/**
 * An implementation answered an action with a failure (code `E_ACTION_FAILED`). The base of
 * V11's `ActionFailed` and V12's `V12ActionFailed`, so `catch (e) { if (e instanceof
 * OneBotActionFailed) ... }` handles both protocol versions.
 */
export class OneBotActionFailed extends NonebotError {
  readonly action: string
  readonly params: Readonly<Record<string, unknown>>
  readonly retcode: number | undefined
  /** The implementation's message (the Error's own message adds action and retcode). */
  readonly reason: string

  constructor(failure: ActionFailure) {
    const retcode = failure.retcode ?? '?'
    super(
      'E_ACTION_FAILED',
      `action ${failure.action} failed (retcode ${retcode})${failure.reason ? `: ${failure.reason}` : ''}`,
    )
    this.action = failure.action
    this.params = failure.params
    this.retcode = failure.retcode
    this.reason = failure.reason
  }
}
