import { parseArgs } from 'node:util'

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
  /** Names of positional arguments, for `--help`. */
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
      readonly positionals: string[]
      readonly argv: string[]
    }
  | {
      readonly ok: false
      /** 0 for `--help` (message is the help text), 2 for a parse error (message says what is wrong). */
      readonly status: 0 | 2
      readonly message: string
      readonly argv: string[]
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

/** The `--help` text for a command. */
export function shellHelp(name: string, spec: ShellSpec): string {
  const lines = [
    `usage: ${name}${spec.options ? ' [options]' : ''}${(spec.positionals ?? []).map((p) => ` <${p}>`).join('')}`,
  ]
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

/** Parses `text` against `spec`. Never throws: errors and `--help` come back as `ok: false`. */
export function parseShell<O extends Record<string, ShellOption>>(
  name: string,
  spec: ShellSpec<O>,
  text: string,
): ShellResult<O> {
  let argv: string[]
  try {
    argv = splitArgv(text)
  } catch (error) {
    return { ok: false, status: 2, message: `${name}: ${(error as Error).message}`, argv: [] }
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
  try {
    const parsed = parseArgs({ args: argv, options: config, strict: true, allowPositionals: true })
    const values: Record<string, unknown> = {}
    for (const [key, o] of Object.entries(declared)) {
      const raw = (parsed.values as Record<string, unknown>)[key]
      values[key] = raw === undefined ? o.default : o.type === 'number' ? toNumbers(key, raw) : raw
    }
    return { ok: true, values: values as ShellValues<O>, positionals: parsed.positionals, argv }
  } catch (error) {
    return { ok: false, status: 2, message: `${name}: ${(error as Error).message}`, argv }
  }
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
