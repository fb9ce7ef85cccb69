import { cqToSegments } from './cq.js'

/**
 * Readable rendering of OneBot messages for people: a terminal chat (`nbts simulate`) and test
 * failure output. Accepts every form a message takes on the wire: a V11 CQ string, a single segment,
 * or a V11 / V12 segment array.
 */

export interface RenderOptions {
  /** Display names for `@` mentions, keyed by user id as a string. */
  readonly names?: Readonly<Record<string, string>>
}

interface LooseSegment {
  readonly type: string
  readonly data: Record<string, unknown>
}

const PLACEHOLDERS: Readonly<Record<string, string>> = {
  image: '[image]',
  record: '[voice]',
  voice: '[voice]',
  audio: '[audio]',
  video: '[video]',
  file: '[file]',
  forward: '[forward]',
  node: '[forward]',
  location: '[location]',
  music: '[music]',
  json: '[json]',
  xml: '[xml]',
  poke: '[poke]',
  shake: '[shake]',
  dice: '[dice]',
  rps: '[rps]',
  contact: '[contact]',
  mface: '[sticker]',
  markdown: '[markdown]',
}

export function renderMessage(message: unknown, options: RenderOptions = {}): string {
  return toSegments(message)
    .map((segment) => renderSegment(segment, options))
    .join('')
}

function toSegments(message: unknown): LooseSegment[] {
  if (typeof message === 'string') return cqToSegments(message).map(loosen)
  if (Array.isArray(message)) return message.flatMap((item) => toSegments(item))
  if (isSegmentLike(message)) return [loosen(message)]
  return message === undefined || message === null ? [] : [{ type: 'text', data: { text: String(message) } }]
}

function isSegmentLike(value: unknown): value is { type: string; data?: unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
}

function loosen(segment: { type: string; data?: unknown }): LooseSegment {
  const data = typeof segment.data === 'object' && segment.data !== null ? segment.data : {}
  return { type: segment.type, data: data as Record<string, unknown> }
}

function renderSegment({ type, data }: LooseSegment, options: RenderOptions): string {
  switch (type) {
    case 'text':
      return String(data.text ?? '')
    case 'at':
      return data.qq === 'all' ? '@all' : mention(data.qq, data.name, options)
    case 'mention':
      return mention(data.user_id, undefined, options)
    case 'mention_all':
      return '@all'
    case 'reply':
      return '[reply]'
    case 'face':
    case 'qq.face':
      return `[face:${String(data.id ?? '')}]`
    case 'share':
      return data.title ? `[share: ${String(data.title)}]` : '[share]'
    default:
      return PLACEHOLDERS[type] ?? `[${type}]`
  }
}

function mention(id: unknown, name: unknown, options: RenderOptions): string {
  const key = String(id ?? '')
  const known = options.names?.[key] ?? (typeof name === 'string' && name !== '' ? name : undefined)
  return `@${known ?? key}`
}
