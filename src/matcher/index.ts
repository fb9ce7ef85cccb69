export type { Dependency, DependencyOptions, DependencyTools } from './dependency.js'
export { dependency } from './dependency.js'
export type { EventHook } from './dispatcher.js'
export { Matcher } from './matcher.js'
export { isMessage, isMetaEvent, isNotice, isRequest, superuser, user } from './permission.js'
export type { Rule, TextRuleOptions } from './rule.js'
export {
  and,
  endsWith,
  fullMatch,
  isType,
  keyword,
  matchesKey,
  not,
  or,
  regex,
  startsWith,
  toMe,
} from './rule.js'
export type { AfterRunHook, BeforeRunHook, RunListener, RunOutcome, RunOutcomeKind } from './run.js'
export type { ShellOption, ShellResult, ShellSpec, ShellValues } from './shell.js'
export { parseShell, shellHelp, splitArgv } from './shell.js'
export type {
  AnyContext,
  CommandFields,
  Context,
  ContextFor,
  EventContext,
  EventKey,
  Handler,
  MatcherInfo,
  MessageFields,
  PromptOptions,
  RegexFields,
  SendResult,
  TextFields,
} from './types.js'
