import type { Logger } from '../log.js'
import type { ContextImpl } from './context.js'
import type { MatcherRecord } from './matcher.js'

/**
 * A matcher's `onRefused`: the user addressed it (its pattern matched and its rule passes) but the
 * permission refused them, so they are told instead of met with silence. Off unless the option is
 * set, as in NoneBot. Failures are logged, never thrown: a refusal answer must not break dispatch.
 */
export async function answerRefusal(record: MatcherRecord, ctx: ContextImpl, logger: Logger): Promise<void> {
  const { onRefused, rule } = record.spec
  if (onRefused === undefined) return
  try {
    if (rule && !(await rule(ctx))) return
    if (typeof onRefused === 'function') await onRefused(ctx)
    else await ctx.deliver(onRefused)
  } catch (error) {
    const { name, plugin } = record.info
    logger.error(
      { err: error, plugin, matcher: name, event: ctx.name },
      `the refusal answer of matcher "${name}" of plugin "${plugin}" failed`,
    )
  }
}
