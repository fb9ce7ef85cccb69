import type { V12Event } from './events.js'

/**
 * Event payloads are closed types (a misspelt `c.event.gruop_id` does not compile), but they are
 * delivered whole: fields an implementation adds beyond what is modelled (NapCat's `raw`,
 * Lagrange's extras...) are read here, as `unknown`, the one explicit way out.
 * @example
 * const raw = v12.extra(c.event).raw_pb // unknown: check it before use
 */
export function extra(event: V12Event): Readonly<Record<string, unknown>> {
  return event as unknown as Readonly<Record<string, unknown>>
}
