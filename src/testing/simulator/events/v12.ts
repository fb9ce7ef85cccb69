import { randomUUID } from 'node:crypto'
import { renderMessage } from '../render.js'
import type { V12MessageEvent, V12Segment, V12Self, V12WireEvent } from './wire.js'

/** Typed factories for V12 events as they appear on the wire (ids are strings, time is float seconds). */

export const DEFAULT_V12_SELF: V12Self = { platform: 'qq', user_id: '10001' }
export const DEFAULT_V12_USER_ID = '20002'
export const DEFAULT_V12_GROUP_ID = '30003'

export interface V12MessageOptions {
  readonly self?: V12Self
  readonly userId?: string
  /** Plain text (V12 text needs no escaping). */
  readonly text?: string
  /** A segment array; used instead of `text`. */
  readonly message?: readonly V12Segment[]
  readonly messageId?: string
  readonly time?: number
  /** Quote a message: a leading `reply` segment. */
  readonly replyTo?: { readonly messageId: string; readonly userId?: string }
}

export interface V12GroupMessageOptions extends V12MessageOptions {
  readonly groupId?: string
  /** Start with a `mention` of the bot. */
  readonly atBot?: boolean
  /** Alias of `atBot`. */
  readonly toMe?: boolean
}

const now = (): number => Date.now() / 1000

function buildSegments(options: V12MessageOptions, self: V12Self, atBot: boolean): V12Segment[] {
  const segments: V12Segment[] = []
  if (options.replyTo) {
    const data: Record<string, unknown> = { message_id: options.replyTo.messageId }
    if (options.replyTo.userId !== undefined) data.user_id = options.replyTo.userId
    segments.push({ type: 'reply', data })
  }
  if (atBot)
    segments.push({ type: 'mention', data: { user_id: self.user_id } }, { type: 'text', data: { text: ' ' } })
  if (options.message) segments.push(...options.message)
  else if (options.text !== undefined) segments.push({ type: 'text', data: { text: options.text } })
  return segments
}

function messageEvent(
  detailType: 'private' | 'group',
  options: V12MessageOptions,
  atBot: boolean,
): V12MessageEvent {
  const self = options.self ?? DEFAULT_V12_SELF
  const message = buildSegments(options, self, atBot)
  return {
    id: randomUUID(),
    time: options.time ?? now(),
    type: 'message',
    detail_type: detailType,
    sub_type: '',
    self,
    message_id: options.messageId ?? randomUUID(),
    message,
    alt_message: renderMessage(message),
    user_id: options.userId ?? DEFAULT_V12_USER_ID,
  }
}

export function privateMessage(options: V12MessageOptions = {}): V12MessageEvent {
  return messageEvent('private', options, false)
}

export function groupMessage(options: V12GroupMessageOptions = {}): V12MessageEvent {
  return {
    ...messageEvent('group', options, options.atBot ?? options.toMe ?? false),
    group_id: options.groupId ?? DEFAULT_V12_GROUP_ID,
  }
}

interface BaseOptions {
  readonly self?: V12Self
  readonly time?: number
}

function base(type: string, detailType: string, subType: string, options: BaseOptions): V12WireEvent {
  return {
    id: randomUUID(),
    time: options.time ?? now(),
    type,
    detail_type: detailType,
    sub_type: subType,
    self: options.self ?? DEFAULT_V12_SELF,
  }
}

interface MemberOptions extends BaseOptions {
  readonly groupId?: string
  readonly userId?: string
  readonly operatorId?: string
}

const member = (o: MemberOptions) => ({
  group_id: o.groupId ?? DEFAULT_V12_GROUP_ID,
  user_id: o.userId ?? DEFAULT_V12_USER_ID,
  operator_id: o.operatorId ?? '',
})

export const notice = {
  friendIncrease: (o: BaseOptions & { userId?: string } = {}): V12WireEvent => ({
    ...base('notice', 'friend_increase', '', o),
    user_id: o.userId ?? DEFAULT_V12_USER_ID,
  }),
  friendDecrease: (o: BaseOptions & { userId?: string } = {}): V12WireEvent => ({
    ...base('notice', 'friend_decrease', '', o),
    user_id: o.userId ?? DEFAULT_V12_USER_ID,
  }),
  privateMessageDelete: (o: BaseOptions & { userId?: string; messageId: string }): V12WireEvent => ({
    ...base('notice', 'private_message_delete', '', o),
    message_id: o.messageId,
    user_id: o.userId ?? DEFAULT_V12_USER_ID,
  }),
  groupMemberIncrease: (o: MemberOptions & { subType?: 'join' | 'invite' | '' } = {}): V12WireEvent => ({
    ...base('notice', 'group_member_increase', o.subType ?? 'join', o),
    ...member(o),
  }),
  groupMemberDecrease: (o: MemberOptions & { subType?: 'leave' | 'kick' | '' } = {}): V12WireEvent => ({
    ...base('notice', 'group_member_decrease', o.subType ?? 'leave', o),
    ...member(o),
  }),
  groupMessageDelete: (
    o: MemberOptions & { subType?: 'recall' | 'delete'; messageId: string },
  ): V12WireEvent => ({
    ...base('notice', 'group_message_delete', o.subType ?? 'recall', o),
    ...member(o),
    message_id: o.messageId,
  }),
}

/** Request events: the final spec has none, these are walle-q's extensions. */
export const request = {
  newFriend: (
    o: BaseOptions & { userId?: string; requestId?: number; message?: string } = {},
  ): V12WireEvent => ({
    ...base('request', 'new_friend', '', o),
    request_id: o.requestId ?? 1,
    user_id: o.userId ?? DEFAULT_V12_USER_ID,
    user_name: '',
    message: o.message ?? '',
  }),
  joinGroup: (
    o: BaseOptions & { userId?: string; groupId?: string; requestId?: number; message?: string } = {},
  ): V12WireEvent => ({
    ...base('request', 'join_group', '', o),
    request_id: o.requestId ?? 1,
    user_id: o.userId ?? DEFAULT_V12_USER_ID,
    user_name: '',
    group_id: o.groupId ?? DEFAULT_V12_GROUP_ID,
    group_name: '',
    message: o.message ?? '',
    suspicious: false,
  }),
}

export interface V12VersionInfo {
  readonly impl: string
  readonly version: string
  readonly onebot_version: string
}

/** Meta events (no `self`). */
export const meta = {
  connect: (version: V12VersionInfo): V12WireEvent => ({
    id: randomUUID(),
    time: now(),
    type: 'meta',
    detail_type: 'connect',
    sub_type: '',
    version,
  }),
  statusUpdate: (bots: readonly { self: V12Self; online: boolean }[], good = true): V12WireEvent => ({
    id: randomUUID(),
    time: now(),
    type: 'meta',
    detail_type: 'status_update',
    sub_type: '',
    status: { good, bots },
  }),
  heartbeat: (intervalMs: number): V12WireEvent => ({
    id: randomUUID(),
    time: now(),
    type: 'meta',
    detail_type: 'heartbeat',
    sub_type: '',
    interval: intervalMs,
  }),
}
