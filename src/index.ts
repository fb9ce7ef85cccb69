// Public API of nonebot-ts. Anything not exported here (or from `nonebot-ts/testing`) is internal.

/** The zod nonebot-ts validates configuration with: build plugin config schemas with it. */
export { z } from 'zod'
// Adapter contract
export type {
  Adapter,
  AdapterHost,
  AdapterRegistry,
  AdapterTypes,
  ConnectionMode,
} from './adapter/adapter.js'
export type { ApiCall, ApiOutcome, CalledApiHook, CallingApiHook, MockResult } from './adapter/api-hooks.js'
export { ApiHooks, mockResult } from './adapter/api-hooks.js'
export type { CallOptions, SendOptions } from './adapter/bot.js'
export { Bot } from './adapter/bot.js'
export type { ClusterCodec, RemoteCall } from './adapter/cluster-codec.js'
export type { EventKind, IncomingEvent } from './adapter/event.js'
export type { ChatTarget, SendTarget } from './adapter/target.js'
export * as v11 from './adapters/onebot/v11/index.js'
// OneBot adapters: factories at the top, everything else under a namespace per version
export { onebotV11 } from './adapters/onebot/v11/index.js'
export * as v12 from './adapters/onebot/v12/index.js'
export { onebotV12 } from './adapters/onebot/v12/index.js'
export type { AppOptions, BotHook, EventHandler, LifecycleHook } from './app.js'
// App
export { App, createApp } from './app.js'
export { BotOffline, RemoteActionError, UnknownOutcome } from './cluster/errors.js'
export type { ClusterRole } from './cluster/options.js'
// Errors
export * from './commands/index.js'
export type { CoreConfig } from './config/core.js'
export { readCoreConfig } from './config/core.js'
export { type Duration, type DurationUnit, durationMs, parseDurationMs } from './config/duration.js'
// Configuration
export { defaultLimits, type Limits, readLimits } from './config/limits.js'
export { ConfigStore } from './config/store.js'
// Driver
export { nodeDriver } from './driver/node-driver.js'
export type * from './driver/types.js'
export * from './errors.js'
export { LogRateLimiter, type LogRateLimitOptions } from './log/rate-limit.js'
export type { Logger } from './log.js'
// Logging
export { createLogger, silentLogger } from './log.js'
export * from './matcher/index.js'
// Messages
export { Message } from './message/message.js'
export type { MessageInput, Segment } from './message/segment.js'
export { MessageTemplate } from './message/template.js'
// Messages every adapter converts
export type { MediaSource, UniversalType } from './message/universal.js'
export { UniversalSegment, universal } from './message/universal.js'
// Plugins and matchers
export * from './plugin/index.js'
export { builtinPlugins, echo, help, singleSession, switchPlugin } from './plugins/index.js'
// Services for plugins: HTTP
export type { HttpOptions } from './reach/http.js'
export { PluginHttp } from './reach/http.js'
// Runtime services: data directories, key-value store, database, scheduler clock
export type { Clock } from './scheduler/clock.js'
export type { CronOptions, JobFn, JobOptions, ScheduledJob } from './scheduler/job.js'
export type {
  AddJobOptions,
  JobHandler,
  JobSchedule,
  MissedRuns,
  PersistentJobs,
  StoredJob,
} from './scheduler/persistent-jobs.js'
export type { Tables } from './store/database.js'
export type { Migration, MigrationInfo, Migrations } from './store/migrate.js'
export type { PluginPaths } from './store/paths.js'
export type { KeyValueStore, KvSetOptions } from './store/types.js'
