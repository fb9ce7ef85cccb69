import type { IncomingEvent } from '../adapter/event.js'
import type { EventContext, MaybePromise } from './types.js'

/**
 * A rule or a permission: a predicate on the event context, sync or async. Adapter permissions
 * such as `(event: IncomingEvent) => boolean` are rules as they are.
 */
export type Rule<C = EventContext> = (c: C) => MaybePromise<boolean>

/** Every rule holds (short-circuits left to right). NoneBot's `Rule & Rule`. */
export function and<C>(...rules: Rule<C>[]): Rule<C> {
  return async function allOf(c) {
    for (const rule of rules) if (!(await rule(c))) return false
    return true
  }
}

/** Any rule holds. NoneBot's `Permission | Permission`. */
export function or<C>(...rules: Rule<C>[]): Rule<C> {
  return async function anyOf(c) {
    for (const rule of rules) if (await rule(c)) return true
    return false
  }
}

export function not<C>(rule: Rule<C>): Rule<C> {
  return async function negated(c) {
    return !(await rule(c))
  }
}

/** The event is addressed to the bot (private chat, @-mention, nickname, reply to the bot). */
export const toMe: Rule<IncomingEvent> = function toMe(c) {
  return c.toMe
}

/** An event name `message.group.normal` matches keys `message`, `message.group` and itself. */
export function matchesKey(name: string, key: string): boolean {
  return name === key || (name.length > key.length && name.startsWith(key) && name[key.length] === '.')
}

/** The event matches one of the keys (NoneBot's `is_type`). */
export function isType(...keys: string[]): Rule<IncomingEvent> {
  return function isTypeRule(c) {
    return keys.some((key) => matchesKey(c.name, key))
  }
}

export interface TextRuleOptions {
  /** @default false */
  readonly ignoreCase?: boolean
}

type TextTest = (text: string, pattern: string) => boolean

function textRule(
  test: TextTest,
  what: string,
  patterns: string | readonly string[],
  options: TextRuleOptions,
) {
  const list = (typeof patterns === 'string' ? [patterns] : [...patterns]).map((p) =>
    options.ignoreCase ? p.toLowerCase() : p,
  )
  const rule = (c: IncomingEvent): string | undefined => {
    if (c.kind !== 'message') return undefined
    const text = options.ignoreCase ? c.plainText.toLowerCase() : c.plainText
    const original = c.plainText
    for (const pattern of list) {
      if (!test(text, pattern)) continue
      if (what === 'keyword') return pattern
      if (what === 'startsWith') return original.slice(0, pattern.length)
      if (what === 'endsWith') return original.slice(original.length - pattern.length)
      return original
    }
    return undefined
  }
  return rule
}

/** Finds which pattern matched (the `matched` field of text matchers); `undefined` when none. */
export type TextMatch = (c: IncomingEvent) => string | undefined

export const textMatchers = {
  startsWith: (p: string | readonly string[], o: TextRuleOptions = {}): TextMatch =>
    textRule((t, x) => t.startsWith(x), 'startsWith', p, o),
  endsWith: (p: string | readonly string[], o: TextRuleOptions = {}): TextMatch =>
    textRule((t, x) => t.endsWith(x), 'endsWith', p, o),
  fullMatch: (p: string | readonly string[], o: TextRuleOptions = {}): TextMatch =>
    textRule((t, x) => t === x, 'fullMatch', p, o),
  keyword: (p: string | readonly string[], o: TextRuleOptions = {}): TextMatch =>
    textRule((t, x) => t.includes(x), 'keyword', p, o),
}

/** The plain text starts with one of the prefixes. */
export function startsWith(
  prefixes: string | readonly string[],
  options?: TextRuleOptions,
): Rule<IncomingEvent> {
  const match = textMatchers.startsWith(prefixes, options)
  return (c) => match(c) !== undefined
}
export function endsWith(
  suffixes: string | readonly string[],
  options?: TextRuleOptions,
): Rule<IncomingEvent> {
  const match = textMatchers.endsWith(suffixes, options)
  return (c) => match(c) !== undefined
}
export function fullMatch(texts: string | readonly string[], options?: TextRuleOptions): Rule<IncomingEvent> {
  const match = textMatchers.fullMatch(texts, options)
  return (c) => match(c) !== undefined
}
export function keyword(
  keywords: string | readonly string[],
  options?: TextRuleOptions,
): Rule<IncomingEvent> {
  const match = textMatchers.keyword(keywords, options)
  return (c) => match(c) !== undefined
}
/** The plain text matches the regular expression. */
export function regex(pattern: RegExp | string, flags?: string): Rule<IncomingEvent> {
  const re = toStatelessRegExp(pattern, flags)
  return (c) => c.kind === 'message' && re.test(c.plainText)
}

/** A copy without `g`/`y`, so `exec`/`test` keep no state between events. */
export function toStatelessRegExp(pattern: RegExp | string, flags?: string): RegExp {
  const re = typeof pattern === 'string' ? new RegExp(pattern, flags) : pattern
  return new RegExp(re.source, re.flags.replace(/[gy]/g, ''))
}
