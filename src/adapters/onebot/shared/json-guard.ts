/**
 * Guards for JSON (and MessagePack) values from peers, applied before the value goes anywhere:
 * nesting is bounded (recursive code further on, `JSON.stringify` included, would overflow the
 * stack), and no object may carry a key that changes how JavaScript treats it. `{"toString":1}`
 * makes `String(value)` throw; `__proto__` becomes a prototype under `Object.assign`.
 */

/** Deeper than any real event or response: a forward message nested ten times is about 40 levels. */
export const DEFAULT_MAX_JSON_DEPTH = 128

/** Keys refused in peer data (never sent by an implementation). */
const HOSTILE_KEYS: ReadonlySet<string> = new Set([
  'toString',
  'valueOf',
  '__proto__',
  'constructor',
  'hasOwnProperty',
])
/** Key literals of these lengths may spell one (7 to 14 characters, up to 6 per `\uXXXX` escape). */
const SHORTEST_KEY = 7
const LONGEST_KEY_LITERAL = 14 * 6

/** Why a value is refused (reads after "a frame that is"), or undefined when it is fine. */
export type GuardVerdict = string | undefined

/** Thrown by the decoders for a refused value; the message reads after "a frame that is". */
export class HostileValueError extends SyntaxError {
  override readonly name = 'HostileValueError'
}

/**
 * One linear pass over JSON text, before parsing: refuses nesting deeper than `maxDepth` and keys
 * that are hostile. Most of the text is strings, skipped with native `indexOf`; a key containing an
 * escape (`"\u0074oString"`) is decoded to compare it. Malformed text is left to the parser.
 */
export function guardJsonText(text: string, maxDepth: number): GuardVerdict {
  const n = text.length
  let depth = 0
  let i = 0
  while (i < n) {
    let quote = text.indexOf('"', i)
    if (quote === -1) quote = n
    for (; i < quote; i++) {
      const c = text.charCodeAt(i)
      if (c === 0x5b || c === 0x7b) {
        if (++depth > maxDepth) return tooDeep(maxDepth)
      } else if (c === 0x5d || c === 0x7d) depth--
    }
    if (quote === n) return undefined
    // Find the closing quote: one not preceded by an odd run of backslashes.
    let end = quote + 1
    for (;;) {
      end = text.indexOf('"', end)
      if (end === -1) return undefined
      let back = end - 1
      while (text.charCodeAt(back) === 0x5c) back--
      if (((end - 1 - back) & 1) === 0) break
      end++
    }
    i = end + 1
    const length = end - quote - 1
    if (length >= SHORTEST_KEY && length <= LONGEST_KEY_LITERAL && isKey(text, i)) {
      let key: string | undefined = text.slice(quote + 1, end)
      if (key.includes('\\')) key = decodeKey(text.slice(quote, end + 1))
      if (key !== undefined && HOSTILE_KEYS.has(key)) return hostileKey(key)
    }
  }
  return undefined
}

/**
 * The same rules for an already decoded value (MessagePack), walked without recursion. Objects
 * from a decoder are plain: only own keys are looked at.
 */
export function guardValue(value: unknown, maxDepth: number): GuardVerdict {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }]
  while (stack.length > 0) {
    const top = stack.pop()!
    const current = top.value
    if (typeof current !== 'object' || current === null || current instanceof Uint8Array) continue
    if (top.depth > maxDepth) return tooDeep(maxDepth)
    if (Array.isArray(current)) {
      for (const item of current) stack.push({ value: item, depth: top.depth + 1 })
      continue
    }
    for (const key of Object.keys(current)) {
      if (HOSTILE_KEYS.has(key)) return hostileKey(key)
      stack.push({ value: (current as Record<string, unknown>)[key], depth: top.depth + 1 })
    }
  }
  return undefined
}

function tooDeep(maxDepth: number): string {
  return `nested deeper than ${maxDepth} levels`
}

function hostileKey(key: string): string {
  return `an object with a ${JSON.stringify(key)} key`
}

/** Whether the string that ended just before `at` is an object key (a `:` follows). */
function isKey(text: string, at: number): boolean {
  for (let i = at; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x3a) return true
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false
  }
  return false
}

function decodeKey(literal: string): string | undefined {
  try {
    return JSON.parse(literal) as string
  } catch {
    return undefined
  }
}
