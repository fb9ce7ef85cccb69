/** How one option is read: a flag, or an option that takes a value. */
export interface OptionConfig {
  readonly type: 'string' | 'boolean'
  readonly short?: string
  readonly multiple?: boolean
}

export interface ParsedOptions {
  readonly values: Record<string, string | boolean | Array<string | boolean>>
  readonly positionals: string[]
}

/**
 * Reads options and positionals from words, as `node:util` `parseArgs` does in strict mode with
 * positionals allowed (`--name`, `--name=value`, `--name value`, `-n value`, `-nvalue`, `-abc` for
 * flags, `--` ends options), with the same error messages. One pass over the words: `parseArgs`
 * shifts its remaining arguments on each step, so a long line of words took seconds.
 */
export function parseOptions(
  words: readonly string[],
  config: Readonly<Record<string, OptionConfig>>,
): ParsedOptions {
  const byShort = new Map<string, string>()
  for (const [name, option] of Object.entries(config)) if (option.short) byShort.set(option.short, name)
  const values: ParsedOptions['values'] = Object.create(null)
  const positionals: string[] = []
  const store = (name: string, value: string | boolean) => {
    if (!config[name]!.multiple) values[name] = value
    else {
      const list = (values[name] ?? []) as Array<string | boolean>
      list.push(value)
      values[name] = list
    }
  }
  const known = (name: string, written: string): OptionConfig => {
    if (!Object.hasOwn(config, name)) {
      throw new TypeError(
        `Unknown option '${written}'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- ${JSON.stringify(written)}`,
      )
    }
    return config[name]!
  }
  /** The value of a string option from the next word; `shown` is the option as written. */
  const valueAfter = (i: number, shown: string): string => {
    const next = words[i + 1]
    if (next === undefined) throw new TypeError(`Option '${shown} <value>' argument missing`)
    if (next.startsWith('-')) {
      throw new TypeError(
        `Option '${shown}' argument is ambiguous.\nDid you forget to specify the option argument for '${shown}'?\nTo specify an option argument starting with a dash use '${shown.startsWith('--') ? `${shown}=-XYZ` : `${shown}-XYZ`}'.`,
      )
    }
    return next
  }
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!
    if (word === '--') {
      for (let j = i + 1; j < words.length; j++) positionals.push(words[j]!)
      break
    }
    if (word.startsWith('--')) {
      const eq = word.indexOf('=')
      const name = eq === -1 ? word.slice(2) : word.slice(2, eq)
      const option = known(name, eq === -1 ? word : word.slice(0, eq))
      if (option.type === 'boolean') {
        if (eq !== -1) throw new TypeError(`Option '--${name}' does not take an argument`)
        store(name, true)
      } else if (eq !== -1) store(name, word.slice(eq + 1))
      else store(name, valueAfter(i++, `--${name}`))
    } else if (word.length > 1 && word.startsWith('-')) {
      const first = byShort.get(word[1]!)
      const option = known(first ?? '', `-${word[1]}`)
      if (option.type === 'string') {
        const shown = `-${word[1]}, --${first}`
        store(first!, word.length > 2 ? word.slice(2) : valueAfter(i++, shown))
        continue
      }
      for (const letter of word.slice(1)) {
        const name = byShort.get(letter)
        const flag = known(name ?? '', `-${letter}`)
        if (flag.type !== 'boolean')
          throw new TypeError(`Option '-${letter}, --${name} <value>' argument missing`)
        store(name!, true)
      }
    } else positionals.push(word)
  }
  return { values, positionals }
}
