/**
 * Event keys derived from the event union (one source of truth): `message`, `message.group`,
 * `message.group.normal`, `notice.notify.poke`, ... Each key selects the payload types it covers.
 */
import type { KnownV11Event } from './events.js'

type Detail<E> = E extends { message_type: infer D extends string }
  ? D
  : E extends { notice_type: infer D extends string }
    ? D
    : E extends { request_type: infer D extends string }
      ? D
      : E extends { meta_event_type: infer D extends string }
        ? D
        : never

type SubType<E> = E extends { sub_type: infer S extends string } ? S : never

type KeysOf<E> = E extends { post_type: infer P extends string }
  ? P | `${P}.${Detail<E>}` | `${P}.${Detail<E>}.${SubType<E>}`
  : never

/** Every event key of the V11 adapter. */
export type V11EventKey = KeysOf<KnownV11Event>

/** The payload types a key selects. */
export type NarrowV11Event<K extends string, E = KnownV11Event> = E extends unknown
  ? K extends KeysOf<E>
    ? E
    : never
  : never

/** `key -> payload` for every V11 event key; merged into `AdapterRegistry['onebot.v11'].events`. */
export type V11EventMap = { [K in V11EventKey]: NarrowV11Event<K> }

/**
 * The detail key of each post type, tried in this order (`message_sent` uses `message_type`).
 * Checked against the union so a new post type cannot be forgotten.
 */
export const detailKeys = {
  message: 'message_type',
  message_sent: 'message_type',
  notice: 'notice_type',
  request: 'request_type',
  meta_event: 'meta_event_type',
} as const satisfies Record<KnownV11Event['post_type'], string>
