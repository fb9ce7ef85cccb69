import type { ArgType } from './signature-types.js'

const TYPES: ReadonlySet<string> = new Set<ArgType>([
  'text',
  'number',
  'integer',
  'boolean',
  'user',
  'image',
  'rest',
  'message',
])

export interface ArgSpec {
  readonly name: string
  readonly type: ArgType
  readonly required: boolean
  /** The default as written (converted at registration). */
  readonly default: unknown
  readonly hasDefault: boolean
}

export interface OptionSpec {
  /** The key in `c.opts`: the long name, else the short one. */
  readonly name: string
  readonly long: string | undefined
  readonly short: string | undefined
  /** The value it takes; `undefined` for a flag. */
  readonly value: ArgSpec | undefined
}

/** A parsed declaration such as `roll <count:number> [sides:number=6] -p, --private`. */
export interface Signature {
  /** The command path (`admin.reload` and `admin reload` are both `['admin', 'reload']`). */
  readonly path: readonly string[]
  readonly args: readonly ArgSpec[]
  readonly options: readonly OptionSpec[]
  /** The declaration without the name: `<count:number> [sides:number=6] -p, --private`. */
  readonly syntax: string
}

/** Thrown at registration for a declaration that cannot work; names the problem. */
export class SignatureError extends Error {
  override readonly name = 'SignatureError'
}

const isValue = (word: string | undefined) => word !== undefined && /^(<.*>|\[.*\])$/.test(word)

/** Parses a declaration string; throws `SignatureError` with the reason when it is malformed. */
export function parseSignature(declaration: string): Signature {
  const words = declaration.trim().split(/\s+/).filter(Boolean)
  const path: string[] = []
  const args: ArgSpec[] = []
  const options: OptionSpec[] = []
  let i = 0
  for (; i < words.length && !/^[<[-]/.test(words[i]!); i++)
    path.push(...words[i]!.split('.').filter(Boolean))
  if (path.length === 0)
    throw new SignatureError(`"${declaration}": the declaration must start with the command name`)
  const syntaxStart = i
  let pendingShort: string | undefined
  for (; i < words.length; i++) {
    const word = words[i]!
    if (word.startsWith('-')) {
      const alias = /^-([^-\s,]+),$/.exec(word)
      if (alias) {
        pendingShort = alias[1]
        continue
      }
      const long = /^--([^\s]+)$/.exec(word)?.[1]
      const short = long === undefined ? /^-([^-\s]+)$/.exec(word)?.[1] : pendingShort
      if (long === undefined && short === undefined)
        throw new SignatureError(`"${declaration}": bad option "${word}"`)
      pendingShort = undefined
      const valueWord = isValue(words[i + 1]) ? words[++i] : undefined
      const name = (long ?? short)!
      const value = valueWord === undefined ? undefined : parseArg(valueWord, declaration, false)
      if (value && (value.type === 'rest' || value.type === 'message')) {
        throw new SignatureError(`"${declaration}": option --${name} cannot take the rest of the message`)
      }
      if (options.some((o) => o.name === name))
        throw new SignatureError(`"${declaration}": option ${name} declared twice`)
      options.push({ name, long, short, value })
      continue
    }
    if (pendingShort !== undefined)
      throw new SignatureError(`"${declaration}": "-${pendingShort}," must be followed by its --long name`)
    if (!isValue(word))
      throw new SignatureError(`"${declaration}": "${word}" is not <arg>, [arg] or an option`)
    const arg = parseArg(word, declaration, word.startsWith('<'))
    const last = args.at(-1)
    if (last && (last.type === 'rest' || last.type === 'message')) {
      throw new SignatureError(
        `"${declaration}": <${last.name}:${last.type}> takes the rest, so it must come last`,
      )
    }
    if (arg.required && last && !last.required) {
      throw new SignatureError(
        `"${declaration}": required <${arg.name}> cannot follow optional [${last.name}]`,
      )
    }
    if (args.some((a) => a.name === arg.name))
      throw new SignatureError(`"${declaration}": argument ${arg.name} declared twice`)
    args.push(arg)
  }
  return { path, args, options, syntax: words.slice(syntaxStart).join(' ') }
}

function parseArg(word: string, declaration: string, required: boolean): ArgSpec {
  const body = word.slice(1, -1)
  const m = /^([\w-]+)(?::(\w+))?(?:=(.*))?$/.exec(body)
  if (!m)
    throw new SignatureError(
      `"${declaration}": cannot read "${word}" (expected <name:type> or [name:type=default])`,
    )
  const type = m[2] ?? 'text'
  if (!TYPES.has(type)) {
    throw new SignatureError(
      `"${declaration}": unknown type "${type}" in ${word} (have: ${[...TYPES].join(', ')})`,
    )
  }
  return { name: m[1]!, type: type as ArgType, required, default: m[3], hasDefault: m[3] !== undefined }
}
