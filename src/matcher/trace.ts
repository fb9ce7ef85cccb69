import type { IncomingEvent } from '../adapter/event.js'
import type { Logger } from '../log.js'
import type { MatcherInfo } from './types.js'

// The LOG_LEVEL=DEBUG trace of the dispatch: one line per event, one per matcher considered with
// its verdict, one per turn's outcome. Callers check `logger.isLevelEnabled('debug')` once per
// event (EventRoot.trace), so nothing here runs, and nothing is formatted, when DEBUG is off.

const MAX_TEXT = 60

/** `"hello wor…"`: the event's text, cut short, for one log line. */
export function shortText(text: string): string {
  const flat = text.replace(/\s+/g, ' ')
  return JSON.stringify(flat.length > MAX_TEXT ? `${flat.slice(0, MAX_TEXT)}…` : flat)
}

export function traceEvent(logger: Logger, event: IncomingEvent): void {
  const session = event.sessionId
  const text = event.kind === 'message' ? ` ${shortText(event.plainText)}` : ''
  logger.debug(
    { adapter: event.adapter, bot: event.bot.selfId, event: event.name, session },
    `event ${event.name} from ${event.adapter} bot ${event.bot.selfId}${session === undefined ? '' : ` session ${session}`}${text}`,
  )
}

/** The verdict of one matcher considered for an event. */
export type Verdict =
  | 'no match'
  | 'permission failed'
  | 'rule failed'
  | 'rule or permission threw'
  | 'blocked'
  | 'not for this adapter'
  | 'switched off'
  | 'expired'
  | 'runs'

export function traceMatcher(
  logger: Logger,
  info: MatcherInfo,
  event: string,
  verdict: Verdict,
  why = '',
): void {
  logger.debug(
    { plugin: info.plugin, matcher: info.name, priority: info.priority, event, verdict },
    `  matcher "${info.name}" (plugin ${info.plugin}, priority ${info.priority}): ${verdict}${why ? ` (${why})` : ''}`,
  )
}

export function traceOutcome(
  logger: Logger,
  info: MatcherInfo,
  event: string,
  kind: string,
  error: unknown,
): void {
  const detail = error instanceof Error ? `: ${error.message}` : ''
  logger.debug(
    { plugin: info.plugin, matcher: info.name, event, outcome: kind },
    `  matcher "${info.name}" (plugin ${info.plugin}) ${kind}${detail}`,
  )
}
