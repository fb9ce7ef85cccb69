import type { Segment } from '../message/segment.js'
import { parseOptions } from './shell-options.js'

/** One word of a shell command line: text, or a non-text segment (an image, a mention) kept whole, as NoneBot keeps it. */
export type ShellArg = string | Segment

/** One option of a shell command. */
export interface ShellOption {
  readonly type: 'string' | 'boolean' | 'number'
  /** One-letter alias, e.g. `a` for `-a`. */
  readonly short?: string
  /** Repeatable; the value is an array. */
  readonly multiple?: boolean
  readonly default?: string | boolean | number | readonly (string | boolean | number)[]
  readonly description?: string
}

/** A shell command's declared arguments (NoneBot's `ArgumentParser`). */
export interface ShellSpec<O extends Record<string, ShellOption> = Record<string, ShellOption>> {
  readonly options?: O
  /**
   * Names of positional arguments, for `--help`. When given, more positionals than these are a
   * parse error (argparse's "unrecognized arguments"); leave it out to accept any number.
   */
  readonly positionals?: readonly string[]
  readonly description?: string
}

type Scalar<T extends ShellOption['type']> = T extends 'boolean'
  ? boolean
  : T extends 'number'
    ? number
    : string
type OptionValue<O extends ShellOption> = O['multiple'] extends true ? Scalar<O['type']>[] : Scalar<O['type']>

export type ShellValues<O extends Record<string, ShellOption>> = {
  -readonly [K in keyof O]: O[K] extends { default: unknown }
    ? OptionValue<O[K]>
    : OptionValue<O[K]> | undefined
}

/** What a shell command handler receives in `c.shell` (NoneBot's `ShellCommandArgs` or `ParserExit`). */
export type ShellResult<O extends Record<string, ShellOption> = Record<string, ShellOption>> =
  | {
      readonly ok: true
      readonly values: ShellValues<O>
      /** Positional words; non-text segments (images, mentions) stay segments. */
      readonly positionals: ShellArg[]
      readonly argv: ShellArg[]
    }
  | {
      readonly ok: false
      /**
       * 0 for `--help` (message is the help text), 2 for a parse error (message is the usage line,
       * then `<name>: error: <what is wrong>`, as argparse prints it).
       */
      readonly status: 0 | 2
      readonly message: string
      readonly argv: ShellArg[]
    }

/** Splits text like a POSIX shell: whitespace, '…' and "…" quotes, backslash escapes. */
export function splitArgv(text: string): string[] {
  const out: string[] = []
  let current = ''
  let has = false
  let quote: '"' | "'" | undefined
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quote) {
      if (ch === quote) quote = undefined
      else if (ch === '\\' && quote === '"' && i + 1 < text.length) current += text[++i]
      else current += ch
    } else if (ch === '"' || ch === "'") {
      quote = ch
      has = true
    } else if (ch === '\\' && i + 1 < text.length) {
      current += text[++i]
      has = true
    } else if (/\s/.test(ch)) {
      if (has) out.push(current)
      current = ''
      has = false
    } else {
      current += ch
      has = true
    }
  }
  if (quote) throw new Error(`unclosed ${quote} quote`)
  if (has) out.push(current)
  return out
}

/** The usage line: `usage: /roll [options] <dice>`. */
export function shellUsage(name: string, spec: ShellSpec): string {
  return `usage: ${name}${spec.options ? ' [options]' : ''}${(spec.positionals ?? []).map((p) => ` <${p}>`).join('')}`
}

/** The `--help` text for a command. */
export function shellHelp(name: string, spec: ShellSpec): string {
  const lines = [shellUsage(name, spec)]
  if (spec.description) lines.push('', spec.description)
  const options = Object.entries(spec.options ?? {})
  if (options.length > 0) {
    lines.push('', 'options:')
    for (const [key, o] of options) {
      const flag = `${o.short ? `-${o.short}, ` : ''}--${key}${o.type === 'boolean' ? '' : ` <${o.type}>`}`
      const extra = o.default !== undefined ? ` (default: ${String(o.default)})` : ''
      lines.push(`  ${flag.padEnd(24)} ${o.description ?? ''}${extra}`.trimEnd())
    }
  }
  lines.push(`  ${'-h, --help'.padEnd(24)} show this help`)
  return lines.join('\n')
}

/**
 * Parses the argument (text, or the argument message: non-text segments become words of their
 * own) against `spec`. Never throws: errors and `--help` come back as `ok: false`.
 */
export function parseShell<O extends Record<string, ShellOption>>(
  name: string,
  spec: ShellSpec<O>,
  args: string | Iterable<Segment>,
): ShellResult<O> {
  const error = (message: string, argv: ShellArg[]): ShellResult<O> => ({
    ok: false,
    status: 2,
    message: `${shellUsage(name, spec)}\n${name}: error: ${message}`,
    argv,
  })
  let argv: ShellArg[]
  try {
    argv = toArgv(args)
  } catch (caught) {
    return error((caught as Error).message, [])
  }
  const declared = spec.options ?? ({} as O)
  if (!('help' in declared) && argv.some((a) => a === '--help' || a === '-h')) {
    return { ok: false, status: 0, message: shellHelp(name, spec), argv }
  }
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {}
  for (const [key, o] of Object.entries(declared)) {
    config[key] = { type: o.type === 'boolean' ? 'boolean' : 'string' }
    if (o.short) config[key].short = o.short
    if (o.multiple) config[key].multiple = true
  }
  // Segments go through the parser as placeholders that cannot look like options.
  const segments = new Map<string, Segment>()
  const words = argv.map((a) => {
    if (typeof a === 'string') return a
    const token = `\u0000${segments.size}`
    segments.set(token, a)
    return token
  })
  try {
    const parsed = parseOptions(words, config)
    const values: Record<string, unknown> = {}
    for (const [key, o] of Object.entries(declared)) {
      const raw = (parsed.values as Record<string, unknown>)[key]
      for (const v of [raw].flat()) {
        if (typeof v === 'string' && segments.has(v))
          throw new Error(`option --${key} expects text, got a ${segments.get(v)!.type} segment`)
      }
      values[key] = raw === undefined ? o.default : o.type === 'number' ? toNumbers(key, raw) : raw
    }
    const positionals = parsed.positionals.map((p) => segments.get(p) ?? p)
    const allowed = spec.positionals?.length
    if (allowed !== undefined && positionals.length > allowed) {
      const extra = positionals.slice(allowed).map((p) => (typeof p === 'string' ? p : `[${p.type}]`))
      return error(`unrecognized arguments: ${extra.join(' ')}`, argv)
    }
    return { ok: true, values: values as ShellValues<O>, positionals, argv }
  } catch (caught) {
    return error((caught as Error).message, argv)
  }
}

function toArgv(args: string | Iterable<Segment>): ShellArg[] {
  if (typeof args === 'string') return splitArgv(args)
  const out: ShellArg[] = []
  let text = ''
  for (const seg of args) {
    if (seg.type === 'text') {
      text += String((seg.data as { text?: unknown }).text ?? '')
      continue
    }
    if (text !== '') out.push(...splitArgv(text))
    text = ''
    out.push(seg)
  }
  if (text !== '') out.push(...splitArgv(text))
  return out
}

function toNumbers(key: string, raw: unknown): number | number[] {
  const one = (v: unknown) => {
    const n = Number(v)
    if (v === '' || Number.isNaN(n))
      throw new Error(`option --${key} expects a number, got ${JSON.stringify(v)}`)
    return n
  }
  return Array.isArray(raw) ? raw.map(one) : one(raw)
}
