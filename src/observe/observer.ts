import type { ApiCall } from '../adapter/api-hooks.js'
import type { IncomingEvent } from '../adapter/event.js'

/**
 * What the app tells an observer (metrics, the console). One optional slot on the app, so an app
 * without an observer pays one `undefined` check per event and per API call.
 */
export interface AppObserver {
  /** An event was dispatched to the handlers. */
  event(event: IncomingEvent): void
  /** The handlers of an event finished, after `ms` (failed: one threw past its matcher). */
  handled(event: IncomingEvent, ms: number, failed: boolean): void
  /** An API call ended: `error` undefined when it succeeded. */
  apiCall(call: ApiCall, ms: number, error: unknown): void
}
