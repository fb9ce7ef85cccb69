import type { MessageInput, Segment } from './segment.js'
import { MessageTemplate } from './template.js'

/**
 * A message: an ordered list of segments. Adapters subclass it to say how plain text becomes a
 * segment and how their segments render as text. Strings given to `append`/`concat` are always
 * plain text (never parsed), as in NoneBot.
 */
export abstract class Message<S extends Segment = Segment> implements Iterable<S> {
  readonly segments: S[]

  /** A template: `Message.template('Hello {name}').format({ name })` gives segments any `send` accepts. */
  static template(source: string): MessageTemplate {
    return new MessageTemplate(source)
  }

  constructor(input?: MessageInput<S>) {
    this.segments = input === undefined ? [] : this.toSegments(input)
  }

  /** The adapter whose segments this message holds (`onebot.v11`); undefined for a generic message. */
  get adapter(): string | undefined {
    return undefined
  }

  /** Builds the adapter's text segment. */
  protected abstract textSegment(text: string): S
  /** Creates an empty message of the same class. */
  protected abstract create(segments?: Iterable<S>): this

  get length(): number {
    return this.segments.length
  }

  [Symbol.iterator](): Iterator<S> {
    return this.segments[Symbol.iterator]()
  }

  at(index: number): S | undefined {
    return this.segments.at(index)
  }

  /** Appends in place and returns `this`. */
  append(input: MessageInput<S>): this {
    for (const seg of this.toSegments(input)) this.segments.push(seg)
    return this
  }

  /** A new message with `input` appended. */
  concat(input: MessageInput<S>): this {
    return this.create([...this.segments, ...this.toSegments(input)])
  }

  /** A new message of the same class holding segments `start` to `end` (as `Array#slice`). */
  slice(start?: number, end?: number): this {
    return this.create(this.segments.slice(start, end))
  }

  /** Segments of one type. */
  only<T extends S['type']>(type: T): Extract<S, { type: T }>[] {
    return this.segments.filter((s): s is Extract<S, { type: T }> => s.type === type)
  }

  has(type: S['type']): boolean {
    return this.segments.some((s) => s.type === type)
  }

  /** The concatenated text of the text segments. */
  extractPlainText(): string {
    let out = ''
    for (const seg of this.segments) {
      if (seg.type === 'text') out += String((seg.data as { text?: unknown }).text ?? '')
    }
    return out
  }

  toJSON(): S[] {
    return this.segments
  }

  protected toSegments(input: MessageInput<S>): S[] {
    if (typeof input === 'string') return input === '' ? [] : [this.textSegment(input)]
    if (input instanceof Message) return [...(input.segments as S[])]
    if (isSegment(input)) return [input as S]
    return [...(input as Iterable<S>)]
  }
}

function isSegment(value: unknown): value is Segment {
  return typeof value === 'object' && value !== null && 'type' in value && 'data' in value
}

/** A message with `{ type: 'text', data: { text } }` text segments, for places with no adapter at hand. */
export class PlainMessage extends Message {
  protected textSegment(text: string): Segment {
    return { type: 'text', data: { text } }
  }
  protected create(segments?: Iterable<Segment>): this {
    return new PlainMessage(segments ? [...segments] : undefined) as this
  }
}
