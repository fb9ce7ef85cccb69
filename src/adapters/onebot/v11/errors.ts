import { NonebotError } from '../../../errors.js'

/**
 * The implementation answered an action with anything but `status: "ok"` / `"async"`. Carries the
 * action, the params sent, the retcode and the error text (`message ?? wording ?? msg ?? status`,
 * since implementations disagree on the field), plus the whole response.
 */
export class ActionFailed extends NonebotError {
  readonly retcode: number | undefined
  /** The implementation's error text, as `message ?? wording ?? msg ?? status`. */
  readonly reason: string
  readonly wording: string | undefined

  constructor(
    readonly action: string,
    readonly params: Readonly<Record<string, unknown>>,
    readonly response: Readonly<Record<string, unknown>>,
  ) {
    const retcode =
      typeof response.retcode === 'number' ? response.retcode : Number(response.retcode ?? Number.NaN)
    const reason =
      firstText(response.message, response.wording, response.msg, response.status) ?? 'no reason given'
    super(
      'E_ACTION_FAILED',
      `action ${action} failed (retcode ${Number.isNaN(retcode) ? '?' : retcode}): ${reason}`,
    )
    this.retcode = Number.isNaN(retcode) ? undefined : retcode
    this.reason = reason
    this.wording = typeof response.wording === 'string' ? response.wording : undefined
  }
}

function firstText(...values: unknown[]): string | undefined {
  for (const value of values) if (typeof value === 'string' && value !== '') return value
  return undefined
}

/**
 * Turns a response envelope into the action's `data`, or throws `ActionFailed`. Only `status: "ok"`
 * is success (Lagrange uses retcode 1 for failures, so retcode alone proves nothing); `"async"`
 * means accepted without a result.
 */
export function resultOf(
  action: string,
  params: Readonly<Record<string, unknown>>,
  response: Record<string, unknown>,
): unknown {
  if (response.status === 'ok' || response.status === 'async') return response.data ?? null
  throw new ActionFailed(action, params, response)
}
