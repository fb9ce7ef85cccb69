import type { IncomingEvent } from '../../../adapter/event.js'

/** Permission predicates over any dispatched event; true only for V12 message events of the kind. */
const isV12Message = (ev: IncomingEvent, detail: string): boolean =>
  ev.adapter === 'onebot.v12' &&
  ev.kind === 'message' &&
  (ev.event as { detail_type?: unknown }).detail_type === detail

/** A private (one-to-one) message. */
export const PRIVATE = (ev: IncomingEvent): boolean => isV12Message(ev, 'private')
/** A group message. */
export const GROUP = (ev: IncomingEvent): boolean => isV12Message(ev, 'group')
/** A guild channel message. */
export const CHANNEL = (ev: IncomingEvent): boolean => isV12Message(ev, 'channel')
