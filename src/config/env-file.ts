import { readFile } from 'node:fs/promises'
import { parse } from 'dotenv'
import { ConfigError } from '../errors.js'
import { forbiddenKey } from './values.js'

/** One `.env` file as NoneBot reads it: raw string values, `null` for a bare `KEY` line. */
export type EnvFileValues = Map<string, string | null>

// A line that is only a key (optionally `export`ed and commented): NoneBot (python-dotenv) reads it
// as None; the `dotenv` package skips it, so these lines are found here.
const BARE_KEY = /^\s*(?:export\s+)?([\w.-]+)\s*(?:#.*)?$/
// An assignment line; a value that opens a quote without closing it continues on later lines.
const ASSIGNMENT = /^\s*(?:export\s+)?([\w.-]+)\s*(?:=|:\s)(.*)$/

/**
 * Parses `.env` text. Values are parsed by the `dotenv` package (comments, quotes, `export`,
 * multi-line quoted values); bare `KEY` lines become `null`. Keys are lower-cased (NoneBot is
 * case-insensitive); of two lines with the same key the last wins.
 */
export function parseEnvText(text: string): EnvFileValues {
  const assigned = parse(text)
  const values: EnvFileValues = new Map()
  for (const [key, { kind, original, doubleQuoted, written }] of lastLines(text)) {
    // dotenv fills a plain object: `__proto__` would be lost there (or worse), so it is refused here.
    const forbidden = forbiddenKey(key, undefined)
    if (forbidden !== undefined) {
      throw new ConfigError(
        original.toUpperCase(),
        written ?? null,
        `a key without ${JSON.stringify(forbidden)} (it would reach JavaScript's object prototype)`,
      )
    }
    let value = kind === 'bare' ? null : Object.hasOwn(assigned, original) ? assigned[original] : undefined
    if (value === undefined) continue
    // python-dotenv unescapes \" inside double quotes (dotenv keeps the backslash): "[\"bot\"]".
    if (doubleQuoted && value !== null) value = value.replaceAll('\\"', '"')
    values.set(key, value)
  }
  return values
}

/** Reads and parses a `.env` file; a missing file is an empty one. */
export async function readEnvFile(path: string): Promise<EnvFileValues> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map()
    throw error
  }
  return parseEnvText(text)
}

interface LastLine {
  readonly kind: 'bare' | 'assigned'
  /** The key as written on that line (dotenv's result is case-sensitive). */
  readonly original: string
  readonly doubleQuoted?: boolean
  /** The value as written on the line (its first line, for a multi-line value). */
  readonly written?: string
}

/** For each lower-cased key, what its last line is, so the last line wins whatever its case. */
function lastLines(text: string): Map<string, LastLine> {
  const last = new Map<string, LastLine>()
  let openQuote: string | undefined
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (openQuote) {
      if (line.includes(openQuote)) openQuote = undefined
      continue
    }
    const assignment = ASSIGNMENT.exec(line)
    if (assignment) {
      const [, key, value] = assignment as unknown as [string, string, string]
      last.delete(key.toLowerCase()) // re-inserted last, so the map keeps file order
      const quote = value.trimStart()[0]
      last.set(key.toLowerCase(), {
        kind: 'assigned',
        original: key,
        doubleQuoted: quote === '"',
        written: value.trim(),
      })
      if ((quote === "'" || quote === '"' || quote === '`') && !value.trimStart().slice(1).includes(quote)) {
        openQuote = quote
      }
      continue
    }
    const bare = BARE_KEY.exec(line)
    if (bare) {
      last.delete(bare[1]!.toLowerCase())
      last.set(bare[1]!.toLowerCase(), { kind: 'bare', original: bare[1]! })
    }
  }
  return last
}
