import type { Segment } from './segment.js'

/** A value a template field can take: text, a segment, or a message (anything iterable of segments). */
export type TemplateValue =
  | string
  | number
  | boolean
  | bigint
  | null
  | undefined
  | Segment
  | Iterable<Segment>

type Part = { readonly text: string } | { readonly field: string }

const textSegment = (text: string): Segment<'text', { text: string }> => ({ type: 'text', data: { text } })

/**
 * A message template (NoneBot's `Message.template`): `{name}` and `{0}` fields, `{user.name}`
 * paths, `{{`/`}}` for literal braces. Values are inserted as plain text or as segments, never
 * parsed, so user input cannot inject markup.
 * @example
 * await c.send(Message.template('Hello {name}, see {pic}').format({ name: c.userId, pic: image }))
 */
export class MessageTemplate {
  readonly #parts: readonly Part[]

  constructor(readonly source: string) {
    this.#parts = parse(source)
  }

  /** The fields the template uses, in order. */
  get fields(): string[] {
    return this.#parts.flatMap((p) => ('field' in p ? [p.field] : []))
  }

  /** Fills the fields; the result is a segment list any `send` accepts. Missing fields throw. */
  format(values: Readonly<Record<string, unknown>> | readonly unknown[] = {}): Segment[] {
    const out: Segment[] = []
    let text = ''
    const flush = () => {
      if (text !== '') out.push(textSegment(text))
      text = ''
    }
    for (const part of this.#parts) {
      if ('text' in part) {
        text += part.text
        continue
      }
      const value = lookup(values, part.field)
      if (isSegment(value)) {
        flush()
        out.push(value)
      } else if (isSegmentList(value)) {
        flush()
        for (const seg of value) out.push(seg)
      } else {
        text += value === null || value === undefined ? '' : String(value)
      }
    }
    flush()
    return out
  }
}

function parse(source: string): Part[] {
  const parts: Part[] = []
  let text = ''
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!
    if ((ch === '{' || ch === '}') && source[i + 1] === ch) {
      text += ch
      i++
    } else if (ch === '{') {
      const end = source.indexOf('}', i)
      if (end < 0) throw new SyntaxError(`unclosed { at ${i} in template ${JSON.stringify(source)}`)
      if (text !== '') parts.push({ text })
      text = ''
      parts.push({ field: source.slice(i + 1, end).trim() })
      i = end
    } else if (ch === '}') {
      throw new SyntaxError(`single } at ${i} in template ${JSON.stringify(source)} (write }} for a brace)`)
    } else {
      text += ch
    }
  }
  if (text !== '') parts.push({ text })
  return parts
}

function lookup(values: Readonly<Record<string, unknown>> | readonly unknown[], field: string): unknown {
  let current: unknown = values
  for (const key of field.split('.')) {
    if (current === null || typeof current !== 'object' || !(key in current)) {
      throw new RangeError(`template field {${field}} has no value`)
    }
    current = (current as Record<string, unknown>)[key]
  }
  return current
}

function isSegment(value: unknown): value is Segment {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Segment).type === 'string' &&
    'data' in value
  )
}

function isSegmentList(value: unknown): value is Iterable<Segment> {
  return typeof value === 'object' && value !== null && Symbol.iterator in value
}
