// The configuration layer's public surface (the lead picks what src/index.ts re-exports).
export { type CoreConfig, coreConfigShape, readCoreConfig } from './core.js'
export { type EnvFileValues, parseEnvText, readEnvFile } from './env-file.js'
export { type LoadConfigOptions, loadConfig } from './load.js'
export { ConfigStore } from './store.js'
export { decodeValue, deepMerge, explodeNestedKeys } from './values.js'
