import type { AdapterRegistry } from '../adapter/adapter.js'
import type { CommandCenter } from '../commands/center.js'
import type { CommandDoc } from '../commands/doc.js'
import type { RateOptions } from '../commands/limits.js'
import {
  type CommandHelpOptions,
  commandGuard,
  type SignatureHelp,
  typedCommand,
} from '../commands/typed-command.js'
import type { TypedCommandFields } from '../commands/typed-fields.js'
import { type Duration, durationMs } from '../config/duration.js'
import { commandKey } from '../matcher/command.js'
import { commandTest } from '../matcher/command-test.js'
import type { Dispatcher } from '../matcher/dispatcher.js'
import type { MatchData, Matcher, MatcherSpec } from '../matcher/matcher.js'
import type { NarrowBy, Narrowing, NarrowingOptionsOf, PlainOptions } from '../matcher/narrowing.js'
import { type Rule, type TextRuleOptions, textMatchers, toStatelessRegExp } from '../matcher/rule.js'
import { parseShell, type ShellOption, type ShellResult, type ShellSpec } from '../matcher/shell.js'
import type {
  AnyContext,
  CommandFields,
  Context,
  ContextFor,
  EventKey,
  Handler,
  RegexFields,
  TextFields,
} from '../matcher/types.js'
import type { MessageInput } from '../message/segment.js'

/** Options every matcher factory takes (NoneBot's `rule`, `permission`, `priority`, ...). */
export interface MatcherOptions<C = Context> {
  readonly rule?: Rule<C>
  readonly permission?: Rule<C>
  /** Lower runs first. @default 1 */
  readonly priority?: number
  /** Stop lower priorities after this matcher ran. Default per factory, as in NoneBot. */
  readonly block?: boolean
  /** Remove after the first run. @default false */
  readonly temp?: boolean
  /** Remove after this moment (a `Date`), or this long from now (ms, or a string such as `'10m'`). */
  readonly expireTime?: Date | Duration
  /** Initial state, copied for each run. */
  readonly state?: Readonly<Record<string, unknown>>
  /** For logs and listings. @default the factory and its pattern */
  readonly name?: string
  /**
   * What to answer a user the permission refuses, when the pattern and the rule match: a message
   * (`'only group admins can do this'`) or a function of `c`. Off by default, as in NoneBot.
   */
  readonly onRefused?: MessageInput | ((c: C) => unknown)
}

export interface CommandOptions<C = Context> extends MatcherOptions<C>, RateOptions, CommandHelpOptions {
  /** Other names (or paths) for the same command. */
  readonly aliases?: readonly (string | readonly string[])[]
  /**
   * Between the command and a non-empty argument: `true` requires whitespace, `false` forbids it,
   * a string requires exactly that text. @default undefined (either)
   */
  readonly forceWhitespace?: boolean | string
}

/** Options of `ctx.cmd`: a command's options plus help text per argument and option. */
export interface CmdOptions<C, S extends string> extends Omit<CommandOptions<C>, 'usage'>, SignatureHelp<S> {}

export interface ShellCommandOptions<C, O extends Record<string, ShellOption>>
  extends CommandOptions<C>,
    ShellSpec<O> {}

export interface TextOptions<C = Context> extends MatcherOptions<C>, TextRuleOptions {}

export interface RegexOptions<C = Context> extends MatcherOptions<C> {
  readonly flags?: string
}

/** Defaults for a matcher group; the matcher's own options override them (as NoneBot's groups do). */
export type GroupDefaults = MatcherOptions<Context>

/** Where factories register: the plugin's dispatcher, name and disposer list. */
export interface ScopeCore {
  readonly dispatcher: Dispatcher
  readonly commands: CommandCenter
  readonly plugin: string
  readonly adapters: ReadonlySet<string> | undefined
  /** Throws `PluginDisposedError` once the plugin is unloaded; `what` names the call (`ctx.command()`). */
  assertLive(what: string): void
  track(dispose: () => void, what?: string): void
}

type MessageContext<R> = ContextFor<R, 'message'>
type CmdContext<R, S extends string> = MessageContext<R> & TypedCommandFields<S>
type Keyed<R, K> = K extends '*' ? AnyContext<R> : K extends string ? ContextFor<R, K> : never
type Args = unknown[]

const DEFAULT_PRIORITY = 1

/**
 * The matcher factories (NoneBot's `on_*`). A plugin scope is one; `matcherGroup` and
 * `commandGroup` return more with shared defaults. `R` is the adapter registry the types come from.
 */
export class MatcherFactory<R = AdapterRegistry> {
  readonly #core: ScopeCore
  readonly #defaults: GroupDefaults
  readonly #prefix: readonly string[]

  constructor(core: ScopeCore, defaults: GroupDefaults = {}, prefix: readonly string[] = []) {
    this.#core = core
    this.#defaults = defaults
    this.#prefix = prefix
  }

  /** Events under `key` (`'message.group'`, `'notice.group_increase'`), or `'*'` for all. NoneBot's `on`. */
  on<K extends EventKey<R> | '*'>(key: K, handler?: Handler<Keyed<R, K>>): Matcher<Keyed<R, K>>
  on<K extends EventKey<R> | '*', N extends Narrowing>(
    key: K,
    options: NarrowingOptionsOf<MatcherOptions<Keyed<R, K>>, Keyed<R, K>, N>,
    handler?: Handler<NarrowBy<Keyed<R, K>, N>>,
  ): Matcher<NarrowBy<Keyed<R, K>, N>>
  on<K extends EventKey<R> | '*'>(
    key: K,
    options: PlainOptions<MatcherOptions<Keyed<R, K>>>,
    handler?: Handler<Keyed<R, K>>,
  ): Matcher<Keyed<R, K>>
  on(key: string, ...args: Args): Matcher<never> {
    return this.#add(args, false, key === '*' ? { label: 'on *' } : { keys: [key], label: `on ${key}` })
  }

  /** Events under any of `keys`. NoneBot's `on_type`. */
  type<K extends EventKey<R>>(
    keys: readonly K[],
    handler?: Handler<ContextFor<R, K>>,
  ): Matcher<ContextFor<R, K>>
  type<K extends EventKey<R>>(
    keys: readonly K[],
    options: MatcherOptions<ContextFor<R, K>>,
    handler?: Handler<ContextFor<R, K>>,
  ): Matcher<ContextFor<R, K>>
  type(keys: readonly string[], ...args: Args): Matcher<never> {
    return this.#add(args, false, { keys, label: `type ${keys.join('|')}` })
  }

  /** Every message. NoneBot's `on_message` (blocks by default). */
  message(handler?: Handler<MessageContext<R>>): Matcher<MessageContext<R>>
  message(
    options: MatcherOptions<MessageContext<R>>,
    handler?: Handler<MessageContext<R>>,
  ): Matcher<MessageContext<R>>
  message(...args: Args): Matcher<never> {
    return this.#add(args, true, { kinds: ['message'], label: 'message' })
  }

  notice(handler?: Handler<ContextFor<R, 'notice'>>): Matcher<ContextFor<R, 'notice'>>
  notice(
    options: MatcherOptions<ContextFor<R, 'notice'>>,
    handler?: Handler<ContextFor<R, 'notice'>>,
  ): Matcher<ContextFor<R, 'notice'>>
  notice(...args: Args): Matcher<never> {
    return this.#add(args, false, { kinds: ['notice'], label: 'notice' })
  }

  request(handler?: Handler<ContextFor<R, 'request'>>): Matcher<ContextFor<R, 'request'>>
  request(
    options: MatcherOptions<ContextFor<R, 'request'>>,
    handler?: Handler<ContextFor<R, 'request'>>,
  ): Matcher<ContextFor<R, 'request'>>
  request(...args: Args): Matcher<never> {
    return this.#add(args, false, { kinds: ['request'], label: 'request' })
  }

  /** Meta events of every protocol (V11 `meta_event` and V12 `meta`). NoneBot's `on_metaevent`. */
  metaEvent(
    handler?: Handler<ContextFor<R, 'meta' | 'meta_event'>>,
  ): Matcher<ContextFor<R, 'meta' | 'meta_event'>>
  metaEvent(
    options: MatcherOptions<ContextFor<R, 'meta' | 'meta_event'>>,
    handler?: Handler<ContextFor<R, 'meta' | 'meta_event'>>,
  ): Matcher<ContextFor<R, 'meta' | 'meta_event'>>
  metaEvent(...args: Args): Matcher<never> {
    return this.#add(args, false, { kinds: ['meta'], label: 'metaEvent' })
  }

  /**
   * A command: COMMAND_START + name (+ COMMAND_SEP + sub-command), the rest is `c.args`.
   * NoneBot's `on_command` (does not block by default).
   */
  command(
    name: string | readonly string[],
    handler?: Handler<MessageContext<R> & CommandFields>,
  ): Matcher<MessageContext<R> & CommandFields>
  command<N extends Narrowing>(
    name: string | readonly string[],
    options: NarrowingOptionsOf<
      CommandOptions<MessageContext<R> & CommandFields>,
      MessageContext<R> & CommandFields,
      N
    >,
    handler?: Handler<NarrowBy<MessageContext<R> & CommandFields, N>>,
  ): Matcher<NarrowBy<MessageContext<R> & CommandFields, N>>
  command(
    name: string | readonly string[],
    options: PlainOptions<CommandOptions<MessageContext<R> & CommandFields>>,
    handler?: Handler<MessageContext<R> & CommandFields>,
  ): Matcher<MessageContext<R> & CommandFields>
  command(name: string | readonly string[], ...args: Args): Matcher<never> {
    const options = (typeof args[0] === 'function' ? {} : (args[0] ?? {})) as CommandOptions
    const paths = this.#commandPaths(name, options.aliases)
    const keys = new Set(paths.map(commandKey))
    const test = commandTest(keys, options.forceWhitespace)
    const { description, usage, examples } = options
    const doc: CommandDoc = { path: paths[0]!, aliases: paths.slice(1), description, usage, examples }
    const guard = commandGuard(doc, this.#core.commands, options)
    const matcher = this.#add(guard ? [options] : args, false, {
      kinds: ['message'],
      label: `command ${paths[0]!.join('.')}`,
      commands: paths,
      test,
      doc,
    })
    if (guard) matcher.handle(guard as Handler<never>)
    if (guard && typeof args[0] === 'function') matcher.handle(args[0] as Handler<never>)
    else if (guard && typeof args[1] === 'function') matcher.handle(args[1] as Handler<never>)
    return matcher
  }

  /**
   * A command with typed arguments and options (`c.args`, `c.opts`); a wrong argument or `--help`
   * is answered with the usage and never reaches the handler. See docs/commands.md.
   * @example
   * ctx.cmd('roll <count:integer> [sides:integer=6] -p, --private', (c) => {
   *   c.args.count // number
   *   c.opts.private // boolean
   * })
   */
  cmd<S extends string>(declaration: S, handler?: Handler<CmdContext<R, S>>): Matcher<CmdContext<R, S>>
  cmd<S extends string>(
    declaration: S,
    options: CmdOptions<CmdContext<R, S>, S>,
    handler?: Handler<CmdContext<R, S>>,
  ): Matcher<CmdContext<R, S>>
  cmd(declaration: string, ...args: Args): Matcher<never> {
    const options = (typeof args[0] === 'function' ? {} : (args[0] ?? {})) as CmdOptions<Context, string>
    const handler = typeof args[0] === 'function' ? args[0] : args[1]
    const { paths, doc, bindTest } = typedCommand(declaration, this.#prefix, options)
    // `false` lets text follow the name directly (`/roll2`); `true` or a string is NoneBot's rule.
    const glued = options.forceWhitespace === false
    const found = commandTest(new Set(paths.map(commandKey)), glued ? undefined : options.forceWhitespace)
    const test = bindTest(found, glued)
    const what = { kinds: ['message'], label: `cmd ${paths[0]!.join('.')}`, commands: paths, test, doc }
    const matcher = this.#add([options], false, what)
    matcher.handle(commandGuard(doc, this.#core.commands, options) as Handler<never>)
    return typeof handler === 'function' ? matcher.handle(handler as Handler<never>) : matcher
  }

  /** A command whose argument is parsed like a shell command line against `options`. NoneBot's `on_shell_command`. */
  shellCommand<O extends Record<string, ShellOption> = {}>(
    name: string | readonly string[],
    options: ShellCommandOptions<MessageContext<R> & CommandFields & { shell: ShellResult<O> }, O>,
    handler?: Handler<MessageContext<R> & CommandFields & { readonly shell: ShellResult<O> }>,
  ): Matcher<MessageContext<R> & CommandFields & { readonly shell: ShellResult<O> }> {
    const paths = this.#commandPaths(name, options.aliases)
    const keys = new Set(paths.map(commandKey))
    const test = commandTest(keys, options.forceWhitespace)
    const spec: ShellSpec = options
    const shellTest = (root: Parameters<NonNullable<MatcherSpec['test']>>[0]): MatchData | undefined => {
      const found = test(root)
      return found && { ...found, shell: parseShell(found.command!.raw, spec, found.command!.argsMessage) }
    }
    return this.#add([options, handler], true, {
      kinds: ['message'],
      label: `shellCommand ${paths[0]!.join('.')}`,
      commands: paths,
      test: shellTest,
    })
  }

  /** The plain text matches `pattern`; `c.match` holds the groups. NoneBot's `on_regex`. */
  regex(
    pattern: RegExp | string,
    handler?: Handler<MessageContext<R> & RegexFields>,
  ): Matcher<MessageContext<R> & RegexFields>
  regex(
    pattern: RegExp | string,
    options: RegexOptions<MessageContext<R> & RegexFields>,
    handler?: Handler<MessageContext<R> & RegexFields>,
  ): Matcher<MessageContext<R> & RegexFields>
  regex(pattern: RegExp | string, ...args: Args): Matcher<never> {
    const options = (typeof args[0] === 'function' ? {} : (args[0] ?? {})) as RegexOptions
    const re = toStatelessRegExp(pattern, options.flags)
    const test = (root: Parameters<NonNullable<MatcherSpec['test']>>[0]): MatchData | undefined => {
      if (root.kind !== 'message') return undefined
      const match = re.exec(root.plainText)
      return match ? { match } : undefined
    }
    return this.#add(args, true, { kinds: ['message'], label: `regex ${re}`, test })
  }

  /** NoneBot's `on_startswith`. */
  startsWith(
    texts: string | readonly string[],
    handler?: Handler<MessageContext<R> & TextFields>,
  ): Matcher<MessageContext<R> & TextFields>
  startsWith(
    texts: string | readonly string[],
    options: TextOptions<MessageContext<R> & TextFields>,
    handler?: Handler<MessageContext<R> & TextFields>,
  ): Matcher<MessageContext<R> & TextFields>
  startsWith(texts: string | readonly string[], ...args: Args): Matcher<never> {
    return this.#text('startsWith', texts, args)
  }

  /** NoneBot's `on_endswith`. */
  endsWith(
    texts: string | readonly string[],
    handler?: Handler<MessageContext<R> & TextFields>,
  ): Matcher<MessageContext<R> & TextFields>
  endsWith(
    texts: string | readonly string[],
    options: TextOptions<MessageContext<R> & TextFields>,
    handler?: Handler<MessageContext<R> & TextFields>,
  ): Matcher<MessageContext<R> & TextFields>
  endsWith(texts: string | readonly string[], ...args: Args): Matcher<never> {
    return this.#text('endsWith', texts, args)
  }

  /** NoneBot's `on_fullmatch`. */
  fullMatch(
    texts: string | readonly string[],
    handler?: Handler<MessageContext<R> & TextFields>,
  ): Matcher<MessageContext<R> & TextFields>
  fullMatch(
    texts: string | readonly string[],
    options: TextOptions<MessageContext<R> & TextFields>,
    handler?: Handler<MessageContext<R> & TextFields>,
  ): Matcher<MessageContext<R> & TextFields>
  fullMatch(texts: string | readonly string[], ...args: Args): Matcher<never> {
    return this.#text('fullMatch', texts, args)
  }

  /** NoneBot's `on_keyword`. */
  keyword(
    words: string | readonly string[],
    handler?: Handler<MessageContext<R> & TextFields>,
  ): Matcher<MessageContext<R> & TextFields>
  keyword(
    words: string | readonly string[],
    options: TextOptions<MessageContext<R> & TextFields>,
    handler?: Handler<MessageContext<R> & TextFields>,
  ): Matcher<MessageContext<R> & TextFields>
  keyword(words: string | readonly string[], ...args: Args): Matcher<never> {
    return this.#text('keyword', words, args)
  }

  /** Factories sharing `defaults` (NoneBot's `MatcherGroup`). */
  matcherGroup(defaults: GroupDefaults): MatcherFactory<R> {
    return new MatcherFactory<R>(this.#core, { ...this.#defaults, ...defaults }, this.#prefix)
  }

  /** Factories whose commands live under `prefix` (`group.command('add')` is `/user.add`). NoneBot's `CommandGroup`. */
  commandGroup(prefix: string | readonly string[], defaults: GroupDefaults = {}): MatcherFactory<R> {
    const path = typeof prefix === 'string' ? [prefix] : prefix
    return new MatcherFactory<R>(this.#core, { ...this.#defaults, ...defaults }, [...this.#prefix, ...path])
  }

  #text(kind: keyof typeof textMatchers, texts: string | readonly string[], args: Args): Matcher<never> {
    const options = (typeof args[0] === 'function' ? {} : (args[0] ?? {})) as TextOptions
    const find = textMatchers[kind](texts, options)
    const test = (root: Parameters<NonNullable<MatcherSpec['test']>>[0]): MatchData | undefined => {
      const matched = find(root)
      return matched === undefined ? undefined : { matched }
    }
    const label = `${kind} ${typeof texts === 'string' ? texts : texts.join('|')}`
    return this.#add(args, true, { kinds: ['message'], label, test })
  }

  #commandPaths(name: string | readonly string[], aliases: CommandOptions['aliases']): (readonly string[])[] {
    const toPath = (n: string | readonly string[]) => [...this.#prefix, ...(typeof n === 'string' ? [n] : n)]
    return [toPath(name), ...(aliases ?? []).map(toPath)]
  }

  #add(
    args: Args,
    defaultBlock: boolean,
    what: Pick<MatcherSpec, 'keys' | 'kinds' | 'test' | 'doc'> & {
      label: string
      commands?: (readonly string[])[]
    },
  ): Matcher<never> {
    const [first, second] = args
    const own = (typeof first === 'function' ? {} : (first ?? {})) as MatcherOptions
    const handler = typeof first === 'function' ? first : second
    this.#core.assertLive(`ctx.${what.label.split(' ')[0]}()`)
    const o: MatcherOptions = { ...this.#defaults, ...own }
    const expire = o.expireTime
    const spec: MatcherSpec = {
      name: o.name ?? what.label,
      plugin: this.#core.plugin,
      keys: what.keys,
      kinds: what.kinds,
      priority: o.priority ?? DEFAULT_PRIORITY,
      block: o.block ?? defaultBlock,
      temp: o.temp ?? false,
      expireAt:
        expire === undefined
          ? undefined
          : expire instanceof Date
            ? expire.getTime()
            : Date.now() + durationMs(expire, 'expireTime'),
      rule: o.rule,
      permission: o.permission,
      onRefused: o.onRefused as MatcherSpec['onRefused'],
      state: o.state,
      test: what.test,
      commands: what.commands ?? [],
      doc: what.doc,
      adapters: this.#core.adapters,
    }
    const matcher = this.#core.dispatcher.add<never>(spec)
    this.#core.track(() => matcher.dispose())
    if (typeof handler === 'function') matcher.handle(handler as Handler<never>)
    return matcher
  }
}
