import type { GetMsgResult } from './action-types.js'
import { textOf, type V11Message } from './message.js'
import type { V11Segment } from './segment-types.js'

/** The quoted message of a message event (`event.reply`). */
export interface V11Reply {
  /** The quoted message id, as in the reply segment. */
  readonly id: string
  readonly segment: V11Segment
  /** The quoted message from `get_msg`; undefined when that call failed. */
  readonly message: GetMsgResult | undefined
}

/**
 * NoneBot's incoming normalisation of a message event, on a copy of the message: the reply
 * segment (and the `at` of the quoted author QQ inserts after it), an `@bot` at the start (up to
 * two) or at the end, and a leading nickname are removed; each makes the event `toMe`.
 * Private messages are always `toMe`.
 */
export function normaliseMessage(
  original: V11Message,
  options: {
    readonly selfId: string
    readonly isPrivate: boolean
    readonly nicknames: readonly string[]
    readonly reply: V11Reply | undefined
  },
): { message: V11Message; toMe: boolean } {
  const message = original.clone().reduce()
  const segs = message.segments
  let toMe = options.isPrivate

  if (options.reply) toMe = stripReply(segs, options.reply, options.selfId) || toMe
  if (segs.length === 0) segs.push(text(''))

  if (!options.isPrivate) toMe = stripAtMe(segs, options.selfId) || toMe
  if (segs.length === 0) segs.push(text(''))

  if (stripNickname(segs, options.nicknames)) toMe = true
  return { message, toMe }
}

const text = (value: string): V11Segment => ({ type: 'text', data: { text: value } })

function stripReply(segs: V11Segment[], reply: V11Reply, selfId: string): boolean {
  const index = segs.findIndex((seg) => seg.type === 'reply')
  if (index < 0) return false
  segs.splice(index, 1)
  let toMe = false
  const author = reply.message?.sender?.user_id
  if (author !== undefined && author !== null) {
    toMe = String(author) === selfId
    const next = segs[index]
    if (next?.type === 'at' && String(next.data.qq) === String(author)) segs.splice(index, 1)
  }
  trimTextAt(segs, index)
  return toMe
}

function isAtMe(seg: V11Segment | undefined, selfId: string): boolean {
  return seg?.type === 'at' && String(seg.data.qq) === selfId
}

function stripAtMe(segs: V11Segment[], selfId: string): boolean {
  if (isAtMe(segs[0], selfId)) {
    segs.shift()
    trimTextAt(segs, 0)
    if (isAtMe(segs[0], selfId)) {
      segs.shift()
      trimTextAt(segs, 0)
    }
    return true
  }
  let last = segs.length - 1
  const tail = segs[last]
  if (tail?.type === 'text' && textOf(tail).trim() === '' && segs.length >= 2) last--
  if (isAtMe(segs[last], selfId)) {
    segs.splice(last)
    return true
  }
  return false
}

/** Left-trims the text at `index` and drops it when nothing is left. */
function trimTextAt(segs: V11Segment[], index: number): void {
  const seg = segs[index]
  if (seg?.type !== 'text') return
  const trimmed = textOf(seg).trimStart()
  if (trimmed === '') segs.splice(index, 1)
  else segs[index] = text(trimmed)
}

const nicknamePatterns = new Map<string, RegExp>()

function stripNickname(segs: V11Segment[], nicknames: readonly string[]): boolean {
  const first = segs[0]
  if (nicknames.length === 0 || first?.type !== 'text') return false
  const key = nicknames.join('\u0000')
  let pattern = nicknamePatterns.get(key)
  if (!pattern) {
    const names = nicknames.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')
    pattern = new RegExp(`^(${names})([\\s,，]*|$)`, 'i')
    nicknamePatterns.set(key, pattern)
  }
  const value = textOf(first)
  const match = pattern.exec(value)
  if (!match) return false
  segs[0] = text(value.slice(match[0].length))
  return true
}
