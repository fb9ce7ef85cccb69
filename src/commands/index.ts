export type { CommandCenter, CommandEntry } from './center.js'
export type { CommandDoc } from './doc.js'
export { helpPage, usageLine } from './doc.js'
export type {
  CooldownOptions,
  LimitAnswer,
  LimitHit,
  LimitOptions,
  LimitScope,
  RateOptions,
} from './limits.js'
export { MemoryKv } from './memory-kv.js'
export type { Signature } from './signature.js'
export { parseSignature, SignatureError } from './signature.js'
export type { ArgType, ArgTypes, ImageArg, SignatureArgs, SignatureOpts } from './signature-types.js'
export type { Switches, SwitchTarget } from './switches.js'
export type { CommandHelpOptions, SignatureHelp } from './typed-command.js'
export type { TypedCommandFields } from './typed-fields.js'
