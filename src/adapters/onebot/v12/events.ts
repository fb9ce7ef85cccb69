import type { V12Segment } from './message.js'

/** The bot an event belongs to, and that an action is addressed to. Both parts are the key. */
export interface V12Self {
  readonly platform: string
  readonly user_id: string
}

/**
 * Fields every V12 event has. Implementations add extension fields with prefixed keys
 * (`qq.nickname`); they are kept verbatim and reachable through the index signature.
 */
export interface V12EventBase {
  readonly id: string
  /** Unix seconds, fractional allowed. */
  readonly time: number
  readonly type: string
  readonly detail_type: string
  /** `''` when not applicable. */
  readonly sub_type: string
  readonly [extension: string]: unknown
}

export interface V12BotEventBase extends V12EventBase {
  readonly self: V12Self
}

// ---- meta (no `self`) ----

export interface V12Version {
  readonly impl: string
  readonly version: string
  readonly onebot_version: string
}

export interface V12BotStatus {
  readonly self: V12Self
  readonly online: boolean
  readonly [extension: string]: unknown
}

export interface V12Status {
  readonly good: boolean
  readonly bots: readonly V12BotStatus[]
}

export interface V12ConnectEvent extends V12EventBase {
  readonly type: 'meta'
  readonly detail_type: 'connect'
  readonly version: V12Version
}

export interface V12HeartbeatEvent extends V12EventBase {
  readonly type: 'meta'
  readonly detail_type: 'heartbeat'
  /** Milliseconds until the next heartbeat. */
  readonly interval: number
}

export interface V12StatusUpdateEvent extends V12EventBase {
  readonly type: 'meta'
  readonly detail_type: 'status_update'
  readonly status: V12Status
}

export type V12MetaEvent = V12ConnectEvent | V12HeartbeatEvent | V12StatusUpdateEvent

// ---- messages ----

interface V12MessageBase extends V12BotEventBase {
  readonly type: 'message'
  readonly message_id: string
  /** Always a segment array in events. */
  readonly message: V12Segment[]
  /** Plain-text rendering by the implementation; may be empty. */
  readonly alt_message: string
  readonly user_id: string
}

export interface V12PrivateMessageEvent extends V12MessageBase {
  readonly detail_type: 'private'
}

export interface V12GroupMessageEvent extends V12MessageBase {
  readonly detail_type: 'group'
  readonly group_id: string
}

export interface V12ChannelMessageEvent extends V12MessageBase {
  readonly detail_type: 'channel'
  readonly guild_id: string
  readonly channel_id: string
}

export type V12MessageEvent = V12PrivateMessageEvent | V12GroupMessageEvent | V12ChannelMessageEvent

// ---- notices ----

interface V12NoticeBase extends V12BotEventBase {
  readonly type: 'notice'
}

export interface V12FriendIncreaseEvent extends V12NoticeBase {
  readonly detail_type: 'friend_increase'
  readonly user_id: string
}
export interface V12FriendDecreaseEvent extends V12NoticeBase {
  readonly detail_type: 'friend_decrease'
  readonly user_id: string
}
export interface V12PrivateMessageDeleteEvent extends V12NoticeBase {
  readonly detail_type: 'private_message_delete'
  readonly message_id: string
  readonly user_id: string
}
export interface V12GroupMemberIncreaseEvent extends V12NoticeBase {
  readonly detail_type: 'group_member_increase'
  /** `join`, `invite`, `''` or an extension. */
  readonly sub_type: string
  readonly group_id: string
  readonly user_id: string
  readonly operator_id: string
}
export interface V12GroupMemberDecreaseEvent extends V12NoticeBase {
  readonly detail_type: 'group_member_decrease'
  /** `leave`, `kick`, `''` or an extension. */
  readonly sub_type: string
  readonly group_id: string
  readonly user_id: string
  readonly operator_id: string
}
export interface V12GroupMessageDeleteEvent extends V12NoticeBase {
  readonly detail_type: 'group_message_delete'
  /** `recall`, `delete`, `''` or an extension. */
  readonly sub_type: string
  readonly group_id: string
  readonly message_id: string
  readonly user_id: string
  readonly operator_id: string
}
export interface V12GuildMemberIncreaseEvent extends V12NoticeBase {
  readonly detail_type: 'guild_member_increase'
  readonly guild_id: string
  readonly user_id: string
  readonly operator_id: string
}
export interface V12GuildMemberDecreaseEvent extends V12NoticeBase {
  readonly detail_type: 'guild_member_decrease'
  readonly guild_id: string
  readonly user_id: string
  readonly operator_id: string
}
export interface V12ChannelMemberIncreaseEvent extends V12NoticeBase {
  readonly detail_type: 'channel_member_increase'
  readonly guild_id: string
  readonly channel_id: string
  readonly user_id: string
  readonly operator_id: string
}
export interface V12ChannelMemberDecreaseEvent extends V12NoticeBase {
  readonly detail_type: 'channel_member_decrease'
  readonly guild_id: string
  readonly channel_id: string
  readonly user_id: string
  readonly operator_id: string
}
export interface V12ChannelMessageDeleteEvent extends V12NoticeBase {
  readonly detail_type: 'channel_message_delete'
  readonly guild_id: string
  readonly channel_id: string
  readonly message_id: string
  readonly user_id: string
  readonly operator_id: string
}
export interface V12ChannelCreateEvent extends V12NoticeBase {
  readonly detail_type: 'channel_create'
  readonly guild_id: string
  readonly channel_id: string
  readonly operator_id: string
}
export interface V12ChannelDeleteEvent extends V12NoticeBase {
  readonly detail_type: 'channel_delete'
  readonly guild_id: string
  readonly channel_id: string
  readonly operator_id: string
}

export type V12NoticeEvent =
  | V12FriendIncreaseEvent
  | V12FriendDecreaseEvent
  | V12PrivateMessageDeleteEvent
  | V12GroupMemberIncreaseEvent
  | V12GroupMemberDecreaseEvent
  | V12GroupMessageDeleteEvent
  | V12GuildMemberIncreaseEvent
  | V12GuildMemberDecreaseEvent
  | V12ChannelMemberIncreaseEvent
  | V12ChannelMemberDecreaseEvent
  | V12ChannelMessageDeleteEvent
  | V12ChannelCreateEvent
  | V12ChannelDeleteEvent

// ---- requests and extensions ----

/** The final spec defines no request detail types; implementations extend (walle-q `new_friend`). */
export interface V12RequestEvent extends V12BotEventBase {
  readonly type: 'request'
}

/**
 * An event whose `detail_type` is not standard (`qq.xxx`, walle's `group_poke`, ...): delivered
 * with its fields untouched rather than dropped.
 */
export interface V12ExtensionEvent extends V12EventBase {
  readonly self?: V12Self
}

export type V12StandardEvent = V12MetaEvent | V12MessageEvent | V12NoticeEvent

/** Every V12 event. Narrow on `type` and `detail_type`, or pick by key from `V12EventMap`. */
export type V12Event = V12StandardEvent | V12RequestEvent | V12ExtensionEvent

type ByDetail<U> = U extends { type: infer T extends string; detail_type: infer D extends string }
  ? { [K in `${T}.${D}`]: U }
  : never
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void
  ? I
  : never

/**
 * Event key to payload type, for the plugin system's narrowing: `message.group` gives
 * `V12GroupMessageEvent`. Keys are the dotted names' first one or two parts.
 */
export type V12EventMap = UnionToIntersection<ByDetail<V12StandardEvent>> & {
  message: V12MessageEvent
  notice: V12NoticeEvent | V12ExtensionEvent
  request: V12RequestEvent
  meta: V12MetaEvent | V12ExtensionEvent
}

export type V12EventKey = keyof V12EventMap & string

/** The standard detail types by `type`, for key validation and documentation. */
export const V12_STANDARD_DETAIL_TYPES = {
  meta: ['connect', 'heartbeat', 'status_update'],
  message: ['private', 'group', 'channel'],
  notice: [
    'friend_increase',
    'friend_decrease',
    'private_message_delete',
    'group_member_increase',
    'group_member_decrease',
    'group_message_delete',
    'guild_member_increase',
    'guild_member_decrease',
    'channel_member_increase',
    'channel_member_decrease',
    'channel_message_delete',
    'channel_create',
    'channel_delete',
  ],
  request: [],
} as const satisfies Record<'meta' | 'message' | 'notice' | 'request', readonly string[]>

/** Every standard key of `V12EventMap`, at runtime. */
export const V12_EVENT_KEYS: readonly V12EventKey[] = Object.entries(V12_STANDARD_DETAIL_TYPES).flatMap(
  ([type, details]) => [type, ...details.map((d) => `${type}.${d}`)] as V12EventKey[],
)
