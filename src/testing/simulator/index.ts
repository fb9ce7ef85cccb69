/**
 * The OneBot implementation simulator: plays NapCat, Lagrange.OneBot, LLOneBot, go-cqhttp or
 * Walle-Q over real sockets in all six connection modes. Re-exported as `nonebot-ts/testing`.
 */

export type { SentMessage } from './action-recorder.js'
export { cqToSegments, segmentsToCq } from './cq.js'
export { v11Events, v12Events } from './events/index.js'
export type * from './events/wire.js'
export type { Delivery, DisconnectOptions, SimulatorEndpoints } from './modes/mode.js'
export {
  type DialRequest,
  dialWs,
  type MemoryConnect,
  memoryDialer,
  type PeerSocket,
  type SimulatorDialer,
} from './modes/peer-socket.js'
export type {
  SendMessageOptions,
  SimulatorOptions,
  V11BotOptions,
  V11SimulatorOptions,
  V12BotOptions,
  V12SimulatorOptions,
} from './options.js'
export {
  type ImplementationProfile,
  type ProfileName,
  profiles,
  type V11ProfileName,
  type V12ProfileName,
} from './profiles.js'
export { type RenderOptions, renderMessage } from './render.js'
export { createSimulator, Simulator } from './simulator.js'
export {
  type ActionBehaviour,
  type ActionCall,
  type ActionChannel,
  ActionFailure,
  type ActionHandler,
  type ActionRecord,
  type RawRequest,
  type SimBot,
  type V11Mode,
  type V12Mode,
} from './types.js'
