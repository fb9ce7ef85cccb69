import type { Segment } from '../message/segment.js'
import type { ArgType, ImageArg } from './signature-types.js'
import type { Token } from './tokens.js'

export type Converted =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly reason: string }

const TRUE = new Set(['true', 'yes', 'y', 'on', '1'])
const FALSE = new Set(['false', 'no', 'n', 'off', '0'])
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i

const ok = (value: unknown): Converted => ({ ok: true, value })
const bad = (reason: string): Converted => ({ ok: false, reason })

/** Converts one word to an argument type (`rest` and `message` are handled by the binder). */
export function convert(type: ArgType, token: Token): Converted {
  if (type === 'image') return toImage(token)
  if (type === 'user') return toUser(token)
  if (token.kind !== 'text') return bad(`expected ${article(type)}, got ${describeSegment(token.segment)}`)
  return convertText(type, token.text)
}

/** Converts text (a typed word or a declared default). */
export function convertText(type: ArgType, text: string): Converted {
  switch (type) {
    case 'number':
      return NUMBER.test(text) ? ok(Number(text)) : bad(`"${text}" is not a number`)
    case 'integer':
      return /^[-+]?\d+$/.test(text) && Number.isSafeInteger(Number(text))
        ? ok(Number(text))
        : bad(`"${text}" is not a whole number`)
    case 'boolean': {
      const lower = text.toLowerCase()
      if (TRUE.has(lower)) return ok(true)
      if (FALSE.has(lower)) return ok(false)
      return bad(`"${text}" is not yes/no (true/false, on/off)`)
    }
    case 'user': {
      const id = /^@?(\w+)$/.exec(text)?.[1]
      return id === undefined ? bad(`"${text}" is not a user (mention them or give their id)`) : ok(id)
    }
    case 'image':
      return bad(`"${text}" is not an image`)
    default:
      return ok(text)
  }
}

function toUser(token: Token): Converted {
  if (token.kind === 'text') return convertText('user', token.text)
  const { type, data } = token.segment as Segment<string, Record<string, unknown>>
  // V11 `at` (qq), V12 `mention` (user_id); `@all` is not one user.
  const id = type === 'at' ? data.qq : type === 'mention' ? data.user_id : undefined
  if (id === undefined || id === null || id === 'all')
    return bad(`expected a user, got ${describeSegment(token.segment)}`)
  return ok(String(id))
}

function toImage(token: Token): Converted {
  if (token.kind === 'text') return bad(`expected an image, got "${token.text}"`)
  const segment = token.segment as Segment<string, Record<string, unknown>>
  if (segment.type !== 'image') return bad(`expected an image, got ${describeSegment(segment)}`)
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined)
  const image: ImageArg = {
    url: str(segment.data.url),
    file: str(segment.data.file) ?? str(segment.data.file_id),
    segment,
  }
  return ok(image)
}

function describeSegment(segment: Segment): string {
  return segment.type === 'at' || segment.type === 'mention' ? 'a mention' : `a ${segment.type}`
}

function article(type: ArgType): string {
  return type === 'integer' || type === 'image' ? `an ${type}` : `a ${type}`
}
