import type { V11Segment } from './events/wire.js'

/**
 * Just enough CQ-code handling for the simulator: encoding arrays into gocq-style strings and
 * parsing strings for readable rendering. Follows the escaping rules of onebot-protocol.md I.4.3.
 */

export function escapeCqText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/\[/g, '&#91;').replace(/]/g, '&#93;')
}

export function escapeCqValue(value: string): string {
  return escapeCqText(value).replace(/,/g, '&#44;')
}

export function unescapeCq(text: string): string {
  return text.replace(/&#91;/g, '[').replace(/&#93;/g, ']').replace(/&#44;/g, ',').replace(/&amp;/g, '&')
}

export function segmentsToCq(segments: readonly V11Segment[]): string {
  let out = ''
  for (const segment of segments) {
    if (segment.type === 'text') {
      out += escapeCqText(String(segment.data?.text ?? ''))
      continue
    }
    out += `[CQ:${segment.type}`
    for (const [key, value] of Object.entries(segment.data ?? {})) {
      if (value === undefined || value === null) continue
      const text = typeof value === 'object' ? JSON.stringify(value) : String(value)
      out += `,${key}=${escapeCqValue(text)}`
    }
    out += ']'
  }
  return out
}

const CQ_CODE = /\[CQ:([a-zA-Z0-9_.-]+)((?:,[a-zA-Z0-9_.-]+=[^,\]]*)*),?\]/g

export function cqToSegments(text: string): V11Segment[] {
  const segments: V11Segment[] = []
  let last = 0
  for (const match of text.matchAll(CQ_CODE)) {
    const index = match.index ?? 0
    if (index > last) segments.push({ type: 'text', data: { text: unescapeCq(text.slice(last, index)) } })
    const data: Record<string, string> = {}
    for (const pair of (match[2] ?? '').split(',').slice(1)) {
      const eq = pair.indexOf('=')
      data[pair.slice(0, eq)] = unescapeCq(pair.slice(eq + 1))
    }
    segments.push({ type: match[1] ?? '', data })
    last = index + match[0].length
  }
  if (last < text.length) segments.push({ type: 'text', data: { text: unescapeCq(text.slice(last)) } })
  return segments
}
