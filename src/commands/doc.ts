import type { ArgSpec, OptionSpec, Signature } from './signature.js'

/** What help knows about one command: from its declaration and its options. */
export interface CommandDoc {
  /** The command path (`['admin', 'reload']`). */
  readonly path: readonly string[]
  /** Other paths that run it. */
  readonly aliases: readonly (readonly string[])[]
  readonly signature?: Signature
  readonly description?: string
  /** Free-form usage, for commands without a declaration. */
  readonly usage?: string
  readonly examples?: readonly string[]
  /** One line per argument or option, by name. */
  readonly help?: Readonly<Record<string, string | undefined>>
}

/** `admin.reload` for a path, joined with the first COMMAND_SEP. */
export const commandName = (path: readonly string[], sep = '.'): string => path.join(sep)

/** The usage line: `/roll <count:number> [sides:number=6] -p, --private`. */
export function usageLine(doc: CommandDoc, start: string, sep = '.'): string {
  const name = start + commandName(doc.path, sep)
  if (doc.signature) return doc.signature.syntax ? `${name} ${doc.signature.syntax}` : name
  return doc.usage ?? name
}

/** The whole help page of a command: usage, description, arguments, options, aliases, examples. */
export function helpPage(doc: CommandDoc, start: string, sep = '.'): string {
  const lines = [`Usage: ${usageLine(doc, start, sep)}`]
  if (doc.description) lines.push(doc.description)
  const sig = doc.signature
  if (sig && sig.args.length > 0) {
    lines.push('Arguments:')
    for (const arg of sig.args) lines.push(`  ${arg.name} (${argFacts(arg)})${said(doc, arg.name)}`)
  }
  if (sig && sig.options.length > 0) {
    lines.push('Options:')
    for (const opt of sig.options) lines.push(`  ${optionName(opt)}${said(doc, opt.name)}`)
  }
  if (doc.aliases.length > 0)
    lines.push(`Aliases: ${doc.aliases.map((a) => start + commandName(a, sep)).join(', ')}`)
  if (doc.examples && doc.examples.length > 0) {
    lines.push('Examples:')
    for (const example of doc.examples) lines.push(`  ${example}`)
  }
  return lines.join('\n')
}

function argFacts(arg: ArgSpec): string {
  const facts: string[] = [arg.type]
  if (!arg.required) facts.push(arg.hasDefault ? `default ${String(arg.default)}` : 'optional')
  return facts.join(', ')
}

function optionName(opt: OptionSpec): string {
  const names = [opt.short && `-${opt.short}`, opt.long && `--${opt.long}`].filter(Boolean).join(', ')
  if (!opt.value) return names
  const v = opt.value
  return `${names} <${v.name}:${v.type}${v.hasDefault ? `=${String(v.default)}` : ''}>`
}

function said(doc: CommandDoc, name: string): string {
  const text = doc.help?.[name]
  return text ? `  ${text}` : ''
}
