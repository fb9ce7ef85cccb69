import { Message } from '../../../message/message.js'
import type { MessageInput } from '../../../message/segment.js'
import { parseCq, segmentToCq } from './cq-code.js'
import type { TextSegment, V11Segment } from './segment-types.js'

/**
 * A V11 message. Strings given to the constructor, `append` and `concat` are plain text (never
 * parsed, so user input cannot inject CQ codes); use `V11Message.fromCQ` to parse a CQ string.
 * `toString()` renders CQ codes; JSON serialisation gives the segment array that is always sent.
 */
export class V11Message extends Message<V11Segment> {
  /** Parses a CQ-code string (what go-cqhttp posts by default). */
  static fromCQ(cq: string): V11Message {
    return new V11Message(parseCq(cq) as V11Segment[])
  }

  /**
   * Builds a message from what an event or API result carries: a CQ string, a segment array, a
   * single segment object, or nothing.
   */
  static fromWire(message: unknown, rawMessage?: unknown): V11Message {
    if (typeof message === 'string') return V11Message.fromCQ(message)
    if (Array.isArray(message)) return new V11Message(message.filter(isWireSegment).map(normaliseSegment))
    if (isWireSegment(message)) return new V11Message([normaliseSegment(message)])
    if (typeof rawMessage === 'string') return V11Message.fromCQ(rawMessage)
    return new V11Message()
  }

  override get adapter(): string {
    return 'onebot.v11'
  }

  protected textSegment(text: string): TextSegment {
    return { type: 'text', data: { text } }
  }

  protected create(segments?: Iterable<V11Segment>): this {
    return new V11Message(segments ? [...segments] : undefined) as this
  }

  /** Merges adjacent text segments in place (NoneBot's `reduce`). */
  reduce(): this {
    const out: V11Segment[] = []
    for (const seg of this.segments) {
      const previous = out.at(-1)
      if (seg.type === 'text' && previous?.type === 'text') {
        out[out.length - 1] = this.textSegment(textOf(previous) + textOf(seg))
      } else out.push(seg)
    }
    this.segments.splice(0, this.segments.length, ...out)
    return this
  }

  /** CQ-code string form (text escaped, parameter values escaped including commas). */
  override toString(): string {
    let out = ''
    for (const seg of this.segments) out += segmentToCq(seg.type, seg.data)
    return out
  }

  /** A copy whose segments (and their data) can be changed without touching this one. */
  clone(): V11Message {
    return new V11Message(
      this.segments.map((seg) => ({ type: seg.type, data: { ...seg.data } }) as V11Segment),
    )
  }
}

/** Anything `bot.send` accepts. */
export type V11MessageInput = MessageInput<V11Segment>

export function textOf(seg: V11Segment): string {
  return String((seg.data as { text?: unknown }).text ?? '')
}

function isWireSegment(value: unknown): value is { type: string; data?: unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
}

// `data` may be null on the wire (V11-ARR-01); segments always get an object here.
function normaliseSegment(seg: { type: string; data?: unknown }): V11Segment {
  const data = typeof seg.data === 'object' && seg.data !== null ? seg.data : {}
  return { type: seg.type, data } as V11Segment
}
