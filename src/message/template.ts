import { formatBySpec } from './format-spec.js'
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

type Part =
  | { readonly text: string }
  | { readonly field: string; readonly conversion: string; readonly spec: string }

const textSegment = (text: string): Segment<'text', { text: string }> => ({ type: 'text', data: { text } })

/**
 * A message template (NoneBot's `Message.template`): `{name}`, `{0}` and `{}` fields, `{user.name}`
 * paths, Python format specs (`{price:.2f}`, `{n:>5}`, `{ratio:.1%}`, `{n:,}`), `!s`/`!r`
 * conversions, `{{`/`}}` for literal braces. Values are inserted as plain text or as segments,
 * never parsed, so user input cannot inject markup. Only own properties are read, and path parts
 * starting with `_` are refused (as NoneBot refuses private attributes): `{a.__proto__}`,
 * `{toString}` and `{constructor}` never reach the prototype.
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
      if (part.conversion !== '' || part.spec !== '') {
        if (isSegment(value) || isSegmentList(value))
          throw new TypeError(`template field {${part.field}}: a segment takes no format spec or conversion`)
        text += formatBySpec(convert(value, part.conversion), part.spec, part.field)
      } else if (isSegment(value)) {
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
  let auto: number | false = 0
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
      const inner = source.slice(i + 1, end)
      const m = /^([^!:]*)(?:!([^:]*))?(?::(.*))?$/su.exec(inner)!
      let field = m[1]!.trim()
      const conversion = m[2] ?? ''
      if (conversion !== '' && conversion !== 's' && conversion !== 'r')
        throw new SyntaxError(`unknown conversion !${conversion} in template ${JSON.stringify(source)}`)
      // `{}` numbers itself, as in Python; mixing it with `{0}` is an error there too.
      if (field === '') {
        if (auto === false)
          throw new SyntaxError(`cannot mix {} and {0} in template ${JSON.stringify(source)}`)
        field = String(auto++)
      } else if (/^\d+$/.test(field)) {
        if (auto !== 0 && auto !== false)
          throw new SyntaxError(`cannot mix {} and {0} in template ${JSON.stringify(source)}`)
        auto = false
      }
      parts.push({ field, conversion, spec: m[3] ?? '' })
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
  const keys = field.split('.')
  for (const [i, key] of keys.entries()) {
    if (i > 0 && key.startsWith('_'))
      throw new RangeError(`template field {${field}}: cannot read the private attribute ${key}`)
    // Own properties only: a template must not reach `__proto__`, `constructor` or `toString`.
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) {
      throw new RangeError(`template field {${field}} has no value`)
    }
    current = (current as Record<string, unknown>)[key]
  }
  return current
}

function convert(value: unknown, conversion: string): unknown {
  if (conversion === 's') return String(value)
  if (conversion === 'r')
    return typeof value === 'string' ? `'${value.replaceAll("'", "\\'")}'` : String(value)
  return value
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
