import type { ForwardNodes } from './action-types.js'
import { V11Message } from './message.js'

/** One node of a merged-forward message, whatever shape the implementation used. */
export interface ForwardNode {
  readonly userId: string | undefined
  readonly nickname: string | undefined
  readonly time: number | undefined
  /** A nested forward becomes one `forward` segment whose `data.content` holds its nodes. */
  readonly message: V11Message
}

type Obj = Readonly<Record<string, unknown>>

/**
 * Normalises a `get_forward_msg` result. Implementations disagree (protocol notes I.3.4): the spec
 * and Lagrange return `data.message` as `node` segments; go-cqhttp returns `data.messages` as
 * `{sender, time, content}` (content may be a nested array of such nodes); NapCat returns
 * `data.messages` as message-event-shaped objects.
 */
export function normaliseForwardNodes(data: ForwardNodes | null | undefined): ForwardNode[] {
  const list = (data?.messages ?? data?.message ?? []) as readonly unknown[]
  return list.filter(isObject).map(toNode)
}

function toNode(item: Obj): ForwardNode {
  // Spec / Lagrange: a `node` segment.
  if (item.type === 'node' && isObject(item.data)) {
    const d = item.data
    return node(d.user_id ?? d.uin, d.nickname ?? d.name, d.time, d.content)
  }
  const sender = isObject(item.sender) ? item.sender : {}
  // NapCat: a message event; go-cqhttp: {sender, time, content}.
  return node(
    sender.user_id ?? item.user_id,
    sender.nickname ?? sender.card,
    item.time,
    item.message ?? item.content,
  )
}

function node(userId: unknown, nickname: unknown, time: unknown, content: unknown): ForwardNode {
  return {
    userId: userId === undefined || userId === null ? undefined : String(userId),
    nickname: typeof nickname === 'string' ? nickname : undefined,
    time: typeof time === 'number' ? time : undefined,
    message: contentToMessage(content),
  }
}

function contentToMessage(content: unknown): V11Message {
  if (
    Array.isArray(content) &&
    content.length > 0 &&
    content.every((c) => isObject(c) && typeof c.type !== 'string')
  ) {
    const nested = content.filter(isObject).map(toNode)
    return new V11Message([{ type: 'forward', data: { id: '', content: nested } }])
  }
  return V11Message.fromWire(content)
}

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
