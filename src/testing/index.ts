/**
 * `nonebot-ts/testing`: the plugin test kit (`createTestApp`), the OneBot implementation
 * simulator and the typed event factories (`v11Events`, `v12Events`; named so they import beside
 * `nonebot-ts`'s adapter namespaces `v11`/`v12`).
 */

export { FakeClock } from './fake-clock.js'
export * from './kit/index.js'
export * from './simulator/index.js'
