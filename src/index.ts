// Public API of nonebot-ts. Anything not exported here is internal.

// App
export { App, createApp } from './app.js'
export type { AppOptions, EventHandler, LifecycleHook, BotHook } from './app.js'

// Adapter contract
export type { Adapter, AdapterHost, AdapterRegistry, AdapterTypes, ConnectionMode } from './adapter/adapter.js'
export { Bot } from './adapter/bot.js'
export type { CallOptions, SendOptions } from './adapter/bot.js'
export type { IncomingEvent, EventKind } from './adapter/event.js'
export { ApiHooks, mockResult } from './adapter/api-hooks.js'
export type { ApiCall, ApiOutcome, CallingApiHook, CalledApiHook, MockResult } from './adapter/api-hooks.js'

// Messages
export { Message } from './message/message.js'
export type { Segment, MessageInput } from './message/segment.js'

// Configuration
export { ConfigStore } from './config/store.js'
export { readCoreConfig } from './config/core.js'
export type { CoreConfig } from './config/core.js'

// Driver
export { nodeDriver } from './driver/node-driver.js'
export type * from './driver/types.js'

// Errors
export * from './errors.js'

// Logging
export { createLogger, silentLogger } from './log.js'
export type { Logger } from './log.js'
