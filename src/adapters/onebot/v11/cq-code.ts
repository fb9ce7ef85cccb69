/**
 * CQ codes, the string form of V11 messages: `text[CQ:type,key=value,...]text`.
 * Escaping: `&` `[` `]` everywhere, plus `,` inside parameter values. `&` is encoded first and
 * decoded last, so `&amp;#91;` stays the literal `&#91;`.
 */

/** One parsed piece: text, or a code with its (unescaped) parameters. */
export type CqPiece =
  | { readonly type: 'text'; readonly data: { text: string } }
  | { readonly type: string; readonly data: Record<string, string> }

/** Escapes text (`escapeComma` for parameter values). */
export function escapeCq(text: string, escapeComma = false): string {
  let out = text.replace(/&/g, '&amp;').replace(/\[/g, '&#91;').replace(/\]/g, '&#93;')
  if (escapeComma) out = out.replace(/,/g, '&#44;')
  return out
}

/** Undoes `escapeCq`; `&#44;` is decoded in text too (NoneBot and NapCat do, no encoder emits it there). */
export function unescapeCq(text: string): string {
  if (!text.includes('&')) return text
  return text.replace(/&#44;/g, ',').replace(/&#91;/g, '[').replace(/&#93;/g, ']').replace(/&amp;/g, '&')
}

// Type and key characters as NoneBot accepts them; a value runs to the next `,` or `]`. A code
// with spaces (`[CQ:face, id=1]`) does not match and stays literal text. Unlike NoneBot, a value
// cannot hold a raw `[` (encoders escape it as `&#91;`): otherwise every unclosed `[CQ:a,b=c`
// would scan to the end of the text, and 128 KiB of them took seconds (now linear).
const CQ_CODE = /\[CQ:([a-zA-Z0-9\-_.]+)((?:,[a-zA-Z0-9\-_.]+=[^,[\]]*)*),?\]/g

/** Parses a CQ string into text and code pieces. Empty text pieces are dropped. */
export function parseCq(input: string): CqPiece[] {
  const pieces: CqPiece[] = []
  let last = 0
  const pushText = (raw: string) => {
    if (raw === '') return
    const text = unescapeCq(raw)
    const previous = pieces.at(-1)
    if (previous?.type === 'text') (previous.data as { text: string }).text += text
    else pieces.push({ type: 'text', data: { text } })
  }
  for (const match of input.matchAll(CQ_CODE)) {
    pushText(input.slice(last, match.index))
    const data: Record<string, string> = {}
    for (const param of match[2]!.split(',')) {
      if (param === '') continue
      const eq = param.indexOf('=')
      data[param.slice(0, eq)] = unescapeCq(param.slice(eq + 1))
    }
    pieces.push({ type: match[1]!, data })
    last = match.index + match[0].length
  }
  pushText(input.slice(last))
  return pieces
}

/** Renders one segment as CQ text. `null`/`undefined` values are left out; objects become JSON. */
export function segmentToCq(
  type: string,
  data: Readonly<Record<string, unknown>> | null | undefined,
): string {
  if (type === 'text') return escapeCq(String(data?.text ?? ''))
  let out = `[CQ:${type}`
  for (const [key, value] of Object.entries(data ?? {})) {
    if (value === undefined || value === null) continue
    out += `,${key}=${escapeCq(stringifyValue(value), true)}`
  }
  return `${out}]`
}

function stringifyValue(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}
