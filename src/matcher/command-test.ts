import type { MatchData, MatcherSpec } from './matcher.js'

/** The built-in test of a command matcher: the message starts with one of `keys` (NoneBot's `command` rule). */
export function commandTest(keys: ReadonlySet<string>, forceWhitespace: boolean | string | undefined) {
  return (root: Parameters<NonNullable<MatcherSpec['test']>>[0]): MatchData | undefined => {
    const command = root.command
    if (!command || !keys.has(command.key)) return undefined
    // NoneBot: `true` needs whitespace before an argument, `false` forbids it, a string needs exactly it.
    if (forceWhitespace !== undefined && command.hasArgs) {
      const ok =
        typeof forceWhitespace === 'string'
          ? command.whitespace === forceWhitespace
          : forceWhitespace === (command.whitespace !== '')
      if (!ok) return undefined
    }
    return { command }
  }
}
