import { OneBotActionFailed } from '../shared/action-failed.js'

/**
 * The implementation answered an action with anything but `status: "ok"` / `"async"`. Carries the
 * action, the params sent, the retcode and the error text as `reason` (`message ?? wording ?? msg
 * ?? status`, since implementations disagree on the field), plus the whole response.
 */
export class ActionFailed extends OneBotActionFailed {
  readonly wording: string | undefined

  constructor(
    action: string,
    params: Readonly<Record<string, unknown>>,
    readonly response: Readonly<Record<string, unknown>>,
  ) {
    const retcode =
      typeof response.retcode === 'number' ? response.retcode : Number(response.retcode ?? Number.NaN)
    super({
      action,
      params,
      retcode: Number.isNaN(retcode) ? undefined : retcode,
      reason:
        firstText(response.message, response.wording, response.msg, response.status) ?? 'no reason given',
    })
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
