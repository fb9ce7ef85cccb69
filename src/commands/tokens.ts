import type { Message } from '../message/message.js'
import type { Segment } from '../message/segment.js'

/** One word of a command's argument: a piece of text, or a non-text segment (image, mention). */
export type Token =
  | { readonly kind: 'text'; readonly text: string; readonly quoted: boolean; readonly at: Position }
  | { readonly kind: 'segment'; readonly segment: Segment; readonly at: Position }

/** Where a token starts: segment index and character offset in it (for "the rest of the message"). */
export interface Position {
  readonly segment: number
  readonly offset: number
}

const SPACE = /\s/

/** Splits the argument message into words: whitespace separates, '…' and "…" quote, other segments stand alone. */
export function tokenize(message: Message): Token[] {
  const tokens: Token[] = []
  for (let s = 0; s < message.length; s++) {
    const seg = message.at(s)!
    if (seg.type !== 'text') {
      tokens.push({ kind: 'segment', segment: seg, at: { segment: s, offset: 0 } })
      continue
    }
    const text = String((seg.data as { text?: unknown }).text ?? '')
    let i = 0
    while (i < text.length) {
      if (SPACE.test(text[i]!)) {
        i++
        continue
      }
      const start = i
      const quote = text[i] === '"' || text[i] === "'" ? text[i] : undefined
      if (quote) {
        const end = text.indexOf(quote, i + 1)
        if (end > 0) {
          tokens.push({
            kind: 'text',
            text: text.slice(i + 1, end),
            quoted: true,
            at: { segment: s, offset: start },
          })
          i = end + 1
          continue
        }
      }
      while (i < text.length && !SPACE.test(text[i]!)) i++
      tokens.push({
        kind: 'text',
        text: text.slice(start, i),
        quoted: false,
        at: { segment: s, offset: start },
      })
    }
  }
  return tokens
}

/** The message from `at` to the end, leading and trailing whitespace trimmed. */
export function restOf(message: Message, at: Position): Message {
  const rest = message.slice(at.segment)
  const first = rest.at(0)
  if (first?.type === 'text') {
    const text = String((first.data as { text?: unknown }).text ?? '').slice(at.offset)
    rest.segments.splice(0, 1, ...(text === '' ? [] : [{ ...first, data: { ...first.data, text } }]))
  }
  const last = rest.at(-1)
  if (last?.type === 'text') {
    const text = String((last.data as { text?: unknown }).text ?? '').trimEnd()
    rest.segments.splice(-1, 1, ...(text === '' ? [] : [{ ...last, data: { ...last.data, text } }]))
  }
  return rest
}
