// Public API of nonebot-ts. Anything not exported here (or from `nonebot-ts/testing`) is internal.

// App
export { App, createApp } from './app.js'
export type { AppOptions, EventHandler, LifecycleHook, BotHook } from './app.js'

// Plugins and matchers
export * from './plugin/index.js'
export * from './matcher/index.js'
export { builtinPlugins, echo } from './plugins/index.js'

// Adapter contract
export type { Adapter, AdapterHost, AdapterRegistry, AdapterTypes, ConnectionMode } from './adapter/adapter.js'
export { Bot } from './adapter/bot.js'
export type { CallOptions, SendOptions } from './adapter/bot.js'
export type { IncomingEvent, EventKind } from './adapter/event.js'
export { ApiHooks, mockResult } from './adapter/api-hooks.js'
export type { ApiCall, ApiOutcome, CallingApiHook, CalledApiHook, MockResult } from './adapter/api-hooks.js'

// OneBot adapters: factories at the top, everything else under a namespace per version
export { onebotV11 } from './adapters/onebot/v11/index.js'
export { onebotV12 } from './adapters/onebot/v12/index.js'
export * as v11 from './adapters/onebot/v11/index.js'
export * as v12 from './adapters/onebot/v12/index.js'

// Messages
export { Message } from './message/message.js'
export { MessageTemplate } from './message/template.js'
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
