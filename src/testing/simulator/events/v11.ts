import { randomInt } from 'node:crypto'
import { cqToSegments, segmentsToCq } from '../cq.js'
import type { V11MessageEvent, V11Segment, V11Sender, V11WireEvent } from './wire.js'

/**
 * Typed factories for V11 events as they appear on the wire (array message format; the simulator
 * turns them into CQ strings for implementations that post strings, such as go-cqhttp).
 */

/** The self id every factory uses unless told otherwise; also the simulator's default bot. */
export const DEFAULT_V11_SELF_ID = 10001
export const DEFAULT_V11_USER_ID = 20002
export const DEFAULT_V11_GROUP_ID = 30003

export interface V11MessageOptions {
  readonly selfId?: number
  readonly userId?: number
  /** Plain text (never parsed as CQ codes). */
  readonly text?: string
  /** A CQ string or a segment array; used instead of `text`. */
  readonly message?: string | readonly V11Segment[]
  readonly messageId?: number
  readonly nickname?: string
  readonly time?: number
  /** Quote a message, as the QQ client does: `reply`, then an `at` of the quoted author when known. */
  readonly replyTo?: { readonly messageId: number; readonly userId?: number }
}

export interface V11GroupMessageOptions extends V11MessageOptions {
  readonly groupId?: number
  /** Start the message with an `at` of the bot. */
  readonly atBot?: boolean
  /** Alias of `atBot`. */
  readonly toMe?: boolean
  readonly role?: 'owner' | 'admin' | 'member'
  readonly card?: string
}

const now = (): number => Math.floor(Date.now() / 1000)
const newMessageId = (): number => randomInt(1, 2 ** 31 - 1)
const at = (qq: number | string): V11Segment => ({ type: 'at', data: { qq: String(qq) } })
const text = (value: string): V11Segment => ({ type: 'text', data: { text: value } })

function body(options: V11MessageOptions): V11Segment[] {
  if (options.message === undefined) return options.text === undefined ? [] : [text(options.text)]
  return typeof options.message === 'string' ? cqToSegments(options.message) : [...options.message]
}

function buildSegments(options: V11MessageOptions, selfId: number, atBot: boolean): V11Segment[] {
  const segments: V11Segment[] = []
  if (options.replyTo) {
    segments.push({ type: 'reply', data: { id: String(options.replyTo.messageId) } })
    if (options.replyTo.userId !== undefined) segments.push(at(options.replyTo.userId), text(' '))
  }
  const rest = body(options)
  if (atBot) {
    segments.push(at(selfId))
    const first = rest[0]
    if (first?.type === 'text') rest[0] = text(` ${String(first.data?.text ?? '')}`)
  }
  return [...segments, ...rest]
}

export function privateMessage(options: V11MessageOptions = {}): V11MessageEvent {
  const selfId = options.selfId ?? DEFAULT_V11_SELF_ID
  const userId = options.userId ?? DEFAULT_V11_USER_ID
  const message = buildSegments(options, selfId, false)
  return {
    time: options.time ?? now(),
    self_id: selfId,
    post_type: 'message',
    message_type: 'private',
    sub_type: 'friend',
    message_id: options.messageId ?? newMessageId(),
    user_id: userId,
    message,
    raw_message: segmentsToCq(message),
    font: 0,
    sender: { user_id: userId, nickname: options.nickname ?? `user${userId}`, sex: 'unknown', age: 0 },
  }
}

export function groupMessage(options: V11GroupMessageOptions = {}): V11MessageEvent {
  const selfId = options.selfId ?? DEFAULT_V11_SELF_ID
  const userId = options.userId ?? DEFAULT_V11_USER_ID
  const message = buildSegments(options, selfId, options.atBot ?? options.toMe ?? false)
  const sender: V11Sender = {
    user_id: userId,
    nickname: options.nickname ?? `user${userId}`,
    card: options.card ?? '',
    sex: 'unknown',
    age: 0,
    role: options.role ?? 'member',
    title: '',
    level: '1',
  }
  return {
    time: options.time ?? now(),
    self_id: selfId,
    post_type: 'message',
    message_type: 'group',
    sub_type: 'normal',
    message_id: options.messageId ?? newMessageId(),
    group_id: options.groupId ?? DEFAULT_V11_GROUP_ID,
    user_id: userId,
    anonymous: null,
    message,
    raw_message: segmentsToCq(message),
    font: 0,
    sender,
  }
}

/**
 * A message the bot's own account sent (gocq/napcat/LLOneBot `post_type: "message_sent"`, opt-in
 * there): `user_id` is the bot, `target_id` the peer. Frameworks must not answer these.
 */
export function messageSent(
  options: V11GroupMessageOptions & { readonly targetId?: number } = {},
): V11WireEvent {
  const selfId = options.selfId ?? DEFAULT_V11_SELF_ID
  const base =
    options.groupId === undefined
      ? privateMessage({ ...options, userId: selfId })
      : groupMessage({ ...options, userId: selfId })
  return {
    ...base,
    post_type: 'message_sent',
    message_sent_type: 'self',
    target_id: options.targetId ?? options.groupId ?? DEFAULT_V11_USER_ID,
  }
}

interface BaseOptions {
  readonly selfId?: number
  readonly time?: number
}

function base(postType: string, detailKey: string, detail: string, options: BaseOptions): V11WireEvent {
  return {
    time: options.time ?? now(),
    self_id: options.selfId ?? DEFAULT_V11_SELF_ID,
    post_type: postType,
    [detailKey]: detail,
  }
}

interface GroupMemberOptions extends BaseOptions {
  readonly groupId?: number
  readonly userId?: number
  readonly operatorId?: number
}

const groupIds = (o: GroupMemberOptions) => ({
  group_id: o.groupId ?? DEFAULT_V11_GROUP_ID,
  user_id: o.userId ?? DEFAULT_V11_USER_ID,
})

/** Notice events (standard set plus the common friend poke). */
export const notice = {
  groupIncrease: (o: GroupMemberOptions & { subType?: 'approve' | 'invite' } = {}): V11WireEvent => ({
    ...base('notice', 'notice_type', 'group_increase', o),
    sub_type: o.subType ?? 'approve',
    ...groupIds(o),
    operator_id: o.operatorId ?? 0,
  }),
  groupDecrease: (o: GroupMemberOptions & { subType?: 'leave' | 'kick' | 'kick_me' } = {}): V11WireEvent => ({
    ...base('notice', 'notice_type', 'group_decrease', o),
    sub_type: o.subType ?? 'leave',
    ...groupIds(o),
    operator_id: o.operatorId ?? o.userId ?? DEFAULT_V11_USER_ID,
  }),
  groupAdmin: (o: GroupMemberOptions & { subType?: 'set' | 'unset' } = {}): V11WireEvent => ({
    ...base('notice', 'notice_type', 'group_admin', o),
    sub_type: o.subType ?? 'set',
    ...groupIds(o),
  }),
  groupBan: (
    o: GroupMemberOptions & { subType?: 'ban' | 'lift_ban'; duration?: number } = {},
  ): V11WireEvent => ({
    ...base('notice', 'notice_type', 'group_ban', o),
    sub_type: o.subType ?? 'ban',
    ...groupIds(o),
    operator_id: o.operatorId ?? 0,
    duration: o.duration ?? 600,
  }),
  groupRecall: (o: GroupMemberOptions & { messageId: number }): V11WireEvent => ({
    ...base('notice', 'notice_type', 'group_recall', o),
    ...groupIds(o),
    operator_id: o.operatorId ?? o.userId ?? DEFAULT_V11_USER_ID,
    message_id: o.messageId,
  }),
  friendRecall: (o: BaseOptions & { userId?: number; messageId: number }): V11WireEvent => ({
    ...base('notice', 'notice_type', 'friend_recall', o),
    user_id: o.userId ?? DEFAULT_V11_USER_ID,
    message_id: o.messageId,
  }),
  friendAdd: (o: BaseOptions & { userId?: number } = {}): V11WireEvent => ({
    ...base('notice', 'notice_type', 'friend_add', o),
    user_id: o.userId ?? DEFAULT_V11_USER_ID,
  }),
  /** A poke; without `groupId` it is a friend poke (no `group_id` field, as gocq/napcat send it). */
  poke: (o: BaseOptions & { userId?: number; targetId?: number; groupId?: number } = {}): V11WireEvent => {
    const userId = o.userId ?? DEFAULT_V11_USER_ID
    const event: V11WireEvent = {
      ...base('notice', 'notice_type', 'notify', o),
      sub_type: 'poke',
      user_id: userId,
      target_id: o.targetId ?? o.selfId ?? DEFAULT_V11_SELF_ID,
    }
    if (o.groupId !== undefined) event.group_id = o.groupId
    else event.sender_id = userId
    return event
  },
}

/** Request events. */
export const request = {
  friend: (o: BaseOptions & { userId?: number; comment?: string; flag?: string } = {}): V11WireEvent => ({
    ...base('request', 'request_type', 'friend', o),
    user_id: o.userId ?? DEFAULT_V11_USER_ID,
    comment: o.comment ?? '',
    flag: o.flag ?? `flag-${newMessageId()}`,
  }),
  group: (
    o: BaseOptions & {
      groupId?: number
      userId?: number
      subType?: 'add' | 'invite'
      comment?: string
      flag?: string
    } = {},
  ): V11WireEvent => ({
    ...base('request', 'request_type', 'group', o),
    sub_type: o.subType ?? 'add',
    group_id: o.groupId ?? DEFAULT_V11_GROUP_ID,
    user_id: o.userId ?? DEFAULT_V11_USER_ID,
    comment: o.comment ?? '',
    flag: o.flag ?? `flag-${newMessageId()}`,
  }),
}

/** Meta events, as implementations send them on their own. */
export const meta = {
  lifecycle: (subType: 'connect' | 'enable' | 'disable', o: BaseOptions = {}): V11WireEvent => ({
    ...base('meta_event', 'meta_event_type', 'lifecycle', o),
    sub_type: subType,
  }),
  heartbeat: (intervalMs: number, o: BaseOptions = {}): V11WireEvent => ({
    ...base('meta_event', 'meta_event_type', 'heartbeat', o),
    status: { online: true, good: true },
    interval: intervalMs,
  }),
}
