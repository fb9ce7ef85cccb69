/**
 * OneBot V11 adapter: reverse WebSocket, HTTP POST and forward WebSocket, for NapCat,
 * Lagrange.OneBot, LLOneBot and go-cqhttp.
 *
 * @example
 * const app = createApp({ adapters: [onebotV11()] })
 */
import './registry.js'
import { V11Adapter } from './adapter.js'
import type { V11Options } from './config.js'

/** Creates the V11 adapter. Options override the configuration keys (see `docs/onebot-v11.md`). */
export function onebotV11(options: Partial<V11Options> = {}): V11Adapter {
  return new V11Adapter(options)
}

export { OneBotActionFailed } from '../shared/action-failed.js'
export type * from './action-types.js'
export type { V11ActionName, V11ActionParams, V11ActionResult, V11Actions } from './actions.js'
export { v11ActionNames } from './actions.js'
export { V11_HTTP_PATHS, V11_WS_PATHS, V11Adapter } from './adapter.js'
export type { V11Api, V11CallArgs, V11SendResult } from './bot.js'
export { V11Bot } from './bot.js'
export type { V11Options } from './config.js'
export { readV11Options, v11ConfigShape } from './config.js'
export { escapeCq, parseCq, segmentToCq, unescapeCq } from './cq-code.js'
export { ActionFailed } from './errors.js'
export type { NarrowV11Event, V11EventKey, V11EventMap } from './event-map.js'
export type * from './events.js'
export { extra } from './extra.js'
export type { ForwardNode } from './forward-message.js'
export { normaliseForwardNodes } from './forward-message.js'
export { isSelfMessage, V11IncomingEvent } from './incoming.js'
export type { V11MessageInput } from './message.js'
export { V11Message } from './message.js'
export type { FileInput } from './message-segment.js'
export { MessageSegment } from './message-segment.js'
export type { V11Permission } from './permission.js'
export {
  GROUP,
  GROUP_ADMIN,
  GROUP_MEMBER,
  GROUP_OWNER,
  PRIVATE,
  PRIVATE_FRIEND,
  PRIVATE_GROUP,
  PRIVATE_OTHER,
} from './permission.js'
export { quotedMessage, type V11Quoted } from './quoted.js'
export type * from './segment-types.js'
export type { V11Reply } from './to-me.js'
