import type { Message } from '../message/message.js'
import { convert, convertText } from './arg-types.js'
import { type ArgSpec, type OptionSpec, type Signature, SignatureError } from './signature.js'
import { restOf, type Token, tokenize } from './tokens.js'

export type ParsedArgs =
  | {
      readonly kind: 'ok'
      readonly args: Readonly<Record<string, unknown>>
      readonly opts: Readonly<Record<string, unknown>>
    }
  | { readonly kind: 'error'; readonly reason: string }
  | { readonly kind: 'help' }

/** A signature with its defaults converted once, at registration. */
export interface Binder {
  readonly signature: Signature
  bind(message: Message): ParsedArgs
}

/** Prepares `signature` for binding; throws `SignatureError` when a default does not fit its type. */
export function createBinder(signature: Signature): Binder {
  const defaults = new Map<ArgSpec, unknown>()
  const check = (spec: ArgSpec | undefined, where: string) => {
    if (!spec?.hasDefault) return
    const converted = convertText(spec.type, String(spec.default))
    if (!converted.ok) throw new SignatureError(`default of ${where}: ${converted.reason}`)
    defaults.set(spec, converted.value)
  }
  for (const arg of signature.args) check(arg, arg.name)
  for (const opt of signature.options) check(opt.value, `--${opt.name}`)
  const longs = new Map(signature.options.filter((o) => o.long).map((o) => [o.long!, o]))
  const shorts = new Map(signature.options.filter((o) => o.short).map((o) => [o.short!, o]))
  return {
    signature,
    bind: (message) => bind(signature, defaults, longs, shorts, message),
  }
}

function bind(
  signature: Signature,
  defaults: ReadonlyMap<ArgSpec, unknown>,
  longs: ReadonlyMap<string, OptionSpec>,
  shorts: ReadonlyMap<string, OptionSpec>,
  message: Message,
): ParsedArgs {
  const tokens = tokenize(message)
  const args: Record<string, unknown> = {}
  const opts: Record<string, unknown> = {}
  for (const opt of signature.options) opts[opt.name] = opt.value ? defaults.get(opt.value) : false
  const specs = signature.args
  let p = 0
  let optionsEnded = false
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!
    const word = token.kind === 'text' && !token.quoted && !optionsEnded ? token.text : undefined
    if (word === '--') {
      optionsEnded = true
      continue
    }
    if (word?.startsWith('-') && word !== '-' && !/^-\d/.test(word)) {
      const eq = word.indexOf('=')
      const name = eq > 0 ? word.slice(0, eq) : word
      const opt = name.startsWith('--') ? longs.get(name.slice(2)) : shorts.get(name.slice(1))
      if (!opt) {
        if (name === '--help' || name === '-h') return { kind: 'help' }
        return { kind: 'error', reason: `unknown option ${name}` }
      }
      if (!opt.value) {
        opts[opt.name] = true
        continue
      }
      const valueToken: Token | undefined =
        eq > 0 ? { kind: 'text', text: word.slice(eq + 1), quoted: false, at: token.at } : tokens[++i]
      if (!valueToken)
        return { kind: 'error', reason: `${name} needs a value <${opt.value.name}:${opt.value.type}>` }
      const converted = convert(opt.value.type, valueToken)
      if (!converted.ok) return { kind: 'error', reason: `${name}: ${converted.reason}` }
      opts[opt.name] = converted.value
      continue
    }
    const spec = specs[p]
    if (!spec) {
      return {
        kind: 'error',
        reason: `unexpected argument ${token.kind === 'text' ? `"${token.text}"` : `(${token.segment.type})`}`,
      }
    }
    p++
    if (spec.type === 'rest' || spec.type === 'message') {
      // The rest of the message, options and all, as written.
      const rest = restOf(message, token.at)
      args[spec.name] = spec.type === 'message' ? rest : rest.extractPlainText()
      break
    }
    const converted = convert(spec.type, token)
    if (!converted.ok) return { kind: 'error', reason: `${spec.name}: ${converted.reason}` }
    args[spec.name] = converted.value
  }
  for (; p < specs.length; p++) {
    const spec = specs[p]!
    if (spec.required) return { kind: 'error', reason: `missing <${spec.name}>` }
    args[spec.name] = spec.hasDefault ? defaults.get(spec) : undefined
  }
  return { kind: 'ok', args, opts }
}
