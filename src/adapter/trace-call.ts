import type { Logger } from '../log.js'
import type { ApiCall } from './api-hooks.js'

/** One DEBUG line per API call, when it settles: `api send_msg (onebot.v11 bot 1): ok in 3 ms`. */
export async function traceCall(logger: Logger, call: ApiCall, outcome: Promise<unknown>): Promise<unknown> {
  const started = performance.now()
  const where = `${call.adapter} bot ${call.selfId}`
  try {
    const result = await outcome
    const ms = Math.round(performance.now() - started)
    logger.debug(
      { action: call.action, bot: call.selfId, ms, ok: true },
      `api ${call.action} (${where}): ok in ${ms} ms`,
    )
    return result
  } catch (error) {
    const ms = Math.round(performance.now() - started)
    const code = failureCode(error)
    logger.debug(
      { action: call.action, bot: call.selfId, ms, ok: false, code },
      `api ${call.action} (${where}): failed in ${ms} ms (${code})`,
    )
    throw error
  }
}

/** `retcode 1404`, `E_API_TIMEOUT`, or the error's name. */
function failureCode(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error)
  const { retcode, code, name, message } = error as {
    retcode?: unknown
    code?: unknown
    name?: unknown
    message?: unknown
  }
  const text = typeof message === 'string' && message !== '' ? `: ${message}` : ''
  if (typeof retcode === 'number') return `retcode ${retcode}${text}`
  if (typeof code === 'string') return `${code}${text}`
  return `${typeof name === 'string' ? name : 'error'}${text}`
}
