import type { ContextImpl } from '../matcher/context.js'
import type { EventRoot } from '../matcher/event-root.js'
import type { MatchData } from '../matcher/matcher.js'
import type { Context } from '../matcher/types.js'
import type { CommandCenter } from './center.js'
import { type CommandDoc, helpPage, usageLine } from './doc.js'
import { RateLimiter, type RateOptions } from './limits.js'
import { createBinder } from './parse-args.js'
import { parseSignature } from './signature.js'
import type { SignatureArgs, SignatureOpts } from './signature-types.js'

/** What help shows about a command, given in its options. */
export interface CommandHelpOptions {
  /** One line for `/help`. */
  readonly description?: string
  /** Usage text for commands without a declaration (`ctx.command`). */
  readonly usage?: string
  /** Example invocations, shown by `/help <command>`. */
  readonly examples?: readonly string[]
}

/** Options only typed commands (`ctx.cmd`) take: help text per argument and option, by name. */
export interface SignatureHelp<S extends string> {
  readonly help?: { readonly [K in keyof SignatureArgs<S> | keyof SignatureOpts<S>]?: string }
}

/** What `ctx.cmd` registers: the command paths, its doc, and what checks run before the handler. */
export interface TypedCommandParts {
  readonly paths: (readonly string[])[]
  readonly doc: CommandDoc
  /**
   * Wraps the command test so a match carries the bound arguments. Unless `glued` is allowed, text
   * right after the name is not a match (`/roll2` is not `/roll 2`; `/avatar[image]` is fine).
   */
  bindTest(test: MatchTest, glued: boolean): MatchTest
}

type MatchTest = (root: EventRoot) => MatchData | undefined

/** Reads a declaration (throws `SignatureError` when malformed) into paths and doc. */
export function typedCommand(
  declaration: string,
  prefix: readonly string[],
  options: CommandHelpOptions & {
    aliases?: readonly (string | readonly string[])[]
    help?: Readonly<Record<string, string | undefined>>
  },
): TypedCommandParts {
  const signature = parseSignature(declaration)
  const binder = createBinder(signature)
  const toPath = (n: string | readonly string[]) => [...prefix, ...(typeof n === 'string' ? n.split('.') : n)]
  const path = [...prefix, ...signature.path]
  const aliases = (options.aliases ?? []).map(toPath)
  // `admin reload` (with a space) runs `admin.reload` too.
  const spaced = [path, ...aliases].filter((p) => p.length > 1).map((p) => [p.join(' ')])
  const doc: CommandDoc = {
    path,
    aliases,
    signature,
    description: options.description,
    examples: options.examples,
    help: options.help,
  }
  return {
    paths: [path, ...aliases, ...spaced],
    doc,
    bindTest: (test, glued) => (root) => {
      const command = test(root)?.command
      if (!command) return undefined
      const args = command.argsMessage
      if (!glued && command.whitespace === '' && args.at(0)?.type === 'text') return undefined
      return { command, typed: binder.bind(args) }
    },
  }
}

/**
 * The first step of a command with a declaration or limits: answers `--help` and parse errors
 * with the usage, and refused uses with the limit's answer, so the handler never sees them.
 */
export function commandGuard(
  doc: CommandDoc,
  center: CommandCenter,
  rate: RateOptions,
): ((c: Context) => Promise<void>) | undefined {
  const limiter =
    rate.cooldown !== undefined || rate.limit !== undefined
      ? new RateLimiter(doc.path.join('.'), rate)
      : undefined
  if (!doc.signature && !limiter) return undefined
  return async function commandGuard(context) {
    const c = context as ContextImpl
    const parsed = c.parsed
    if (parsed?.kind === 'help') return c.finish(helpPage(doc, c.commandStart, center.sep))
    if (parsed?.kind === 'error') {
      return c.finish(`${parsed.reason}\nUsage: ${usageLine(doc, c.commandStart, center.sep)}`)
    }
    if (!limiter) return
    const answer = await limiter.take(center.store, c.incoming)
    if (answer === false) return c.finish()
    if (answer !== undefined) return c.finish(answer)
  }
}
