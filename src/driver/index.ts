// The driver layer's public surface (the lead picks what src/index.ts re-exports).
export { type DriverSpec, describeDriverPart, driverParts, parseDriverSpec } from './driver-spec.js'
export { NodeHttpClient } from './http-client.js'
export { type NodeDriverOptions, nodeDriver } from './node-driver.js'
export { NodeServer, type NodeServerOptions } from './node-server.js'
export { type BackoffOptions, backoffDelay, type KeepConnectedHandlers, keepConnected } from './reconnect.js'
export type * from './types.js'
export { NodeWsClient } from './ws-client.js'
