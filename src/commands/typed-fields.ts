import type { CommandFields } from '../matcher/types.js'
import type { SignatureArgs, SignatureOpts } from './signature-types.js'

/** A typed command's fields: `c.args` and `c.opts` typed from declaration `S`, plus the command fields. */
export interface TypedCommandFields<S extends string> extends Omit<CommandFields, 'args'> {
  /** The arguments, converted: `<count:number>` is `c.args.count: number`. */
  readonly args: SignatureArgs<S>
  /** The options: a flag is a `boolean`, an option with a value its type (or `undefined` when absent). */
  readonly opts: SignatureOpts<S>
}
