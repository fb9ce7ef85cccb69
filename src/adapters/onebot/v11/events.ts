/**
 * Every V11 event as a discriminated union on `post_type` and the detail key (`message_type`,
 * `notice_type`, `request_type`, `meta_event_type`), with the extension notices of go-cqhttp,
 * NapCat, Lagrange and LLOneBot. Fields that some implementations leave out are optional.
 * Payloads are delivered as received, except that user, group and bot ids (`self_id`, `user_id`,
 * `group_id`, `operator_id`, `target_id`, `sender_id`, `invitor_id`, `sender.user_id`) are decimal
 * strings, as in V12: lossless beyond 2^53, and equal to `c.userId`/`c.groupId`. Message ids stay
 * numbers, as the implementation sent them.
 */
import type { V11Segment } from './segment-types.js'

/** A user, group or bot id: a decimal string (the adapter converts the implementation's numbers). */
export type LongId = string

interface Base {
  readonly time: number
  readonly self_id: string
}

/** A received message: a CQ string or a segment array, depending on the implementation's post format. */
export type WireMessage = string | V11Segment[]

export interface Sender {
  readonly user_id?: string
  readonly nickname?: string
  readonly sex?: 'male' | 'female' | 'unknown'
  readonly age?: number
  readonly card?: string
  readonly area?: string
  readonly level?: string
  readonly role?: 'owner' | 'admin' | 'member'
  readonly title?: string
  /** Temp session: the group the conversation started from. */
  readonly group_id?: string
  readonly [extra: string]: unknown
}

export interface Anonymous {
  readonly id: number
  readonly name: string
  readonly flag: string
}

interface MessageBase extends Base {
  readonly message_id: number
  readonly user_id: string
  readonly message: WireMessage
  readonly raw_message: string
  readonly font: number
  readonly sender: Sender
  /** NapCat / LLOneBot: which format `message` is in. */
  readonly message_format?: 'array' | 'string'
}

interface PrivateMessageFields extends MessageBase {
  readonly message_type: 'private'
  readonly sub_type: 'friend' | 'group' | 'other' | 'group_self'
  readonly target_id?: string
  readonly temp_source?: number
}

interface GroupMessageFields extends MessageBase {
  readonly message_type: 'group'
  readonly sub_type: 'normal' | 'anonymous' | 'notice'
  readonly group_id: string
  readonly anonymous?: Anonymous | null
}

/** go-cqhttp guild channel message: ids are strings, `sender.user_id` may exceed 2^53. */
export interface PrivateMessageEvent extends PrivateMessageFields {
  readonly post_type: 'message'
}
export interface GroupMessageEvent extends GroupMessageFields {
  readonly post_type: 'message'
}

export interface GuildMessageEvent extends Base {
  readonly post_type: 'message'
  readonly message_type: 'guild'
  readonly sub_type: 'channel'
  readonly guild_id: string
  readonly channel_id: string
  readonly user_id: string
  readonly message_id: string
  readonly message: WireMessage
  readonly self_tiny_id?: string
  readonly sender: { readonly user_id?: LongId; readonly tiny_id?: string; readonly nickname?: string }
}

export type MessageEvent = PrivateMessageEvent | GroupMessageEvent | GuildMessageEvent

/** The bot's own message (go-cqhttp/NapCat/LLOneBot `report-self-message`). Never a command. */
export interface PrivateMessageSentEvent extends PrivateMessageFields {
  readonly post_type: 'message_sent'
  readonly message_sent_type?: 'self'
}
export interface GroupMessageSentEvent extends GroupMessageFields {
  readonly post_type: 'message_sent'
  readonly message_sent_type?: 'self'
}
export type MessageSentEvent = PrivateMessageSentEvent | GroupMessageSentEvent

// --- Notices -------------------------------------------------------------------------------------

interface NoticeBase extends Base {
  readonly post_type: 'notice'
}

export interface GroupUploadNotice extends NoticeBase {
  readonly notice_type: 'group_upload'
  readonly group_id: string
  readonly user_id: string
  readonly file: {
    readonly id: string
    readonly name: string
    readonly size: number
    readonly busid: number
    readonly url?: string
  }
}
export interface GroupAdminNotice extends NoticeBase {
  readonly notice_type: 'group_admin'
  readonly sub_type: 'set' | 'unset'
  readonly group_id: string
  readonly user_id: string
}
export interface GroupDecreaseNotice extends NoticeBase {
  readonly notice_type: 'group_decrease'
  readonly sub_type: 'leave' | 'kick' | 'kick_me' | 'disband'
  readonly group_id: string
  readonly operator_id: string
  readonly user_id: string
}
export interface GroupIncreaseNotice extends NoticeBase {
  readonly notice_type: 'group_increase'
  readonly sub_type: 'approve' | 'invite'
  readonly group_id: string
  readonly operator_id: string
  readonly user_id: string
}
export interface GroupBanNotice extends NoticeBase {
  readonly notice_type: 'group_ban'
  readonly sub_type: 'ban' | 'lift_ban'
  readonly group_id: string
  readonly operator_id: string
  /** 0 for a whole-group mute (go-cqhttp). */
  readonly user_id: string
  readonly duration: number
}
export interface FriendAddNotice extends NoticeBase {
  readonly notice_type: 'friend_add'
  readonly user_id: string
}
export interface GroupRecallNotice extends NoticeBase {
  readonly notice_type: 'group_recall'
  readonly group_id: string
  readonly user_id: string
  readonly operator_id: string
  readonly message_id: number
}
export interface FriendRecallNotice extends NoticeBase {
  readonly notice_type: 'friend_recall'
  readonly user_id: string
  readonly message_id: number
}
/** Poke in a group, or (no `group_id`) in a private chat. */
export interface PokeNotify extends NoticeBase {
  readonly notice_type: 'notify'
  readonly sub_type: 'poke'
  readonly group_id?: string
  readonly user_id: string
  readonly target_id: string
  readonly sender_id?: string
  readonly raw_info?: unknown
}
export interface LuckyKingNotify extends NoticeBase {
  readonly notice_type: 'notify'
  readonly sub_type: 'lucky_king'
  readonly group_id: string
  readonly user_id: string
  readonly target_id: string
}
export interface HonorNotify extends NoticeBase {
  readonly notice_type: 'notify'
  readonly sub_type: 'honor'
  readonly group_id: string
  readonly user_id: string
  readonly honor_type: 'talkative' | 'performer' | 'emotion' | (string & {})
}
export interface TitleNotify extends NoticeBase {
  readonly notice_type: 'notify'
  readonly sub_type: 'title'
  readonly group_id: string
  readonly user_id: string
  readonly title: string
}
export interface GroupNameNotify extends NoticeBase {
  readonly notice_type: 'notify'
  readonly sub_type: 'group_name'
  readonly group_id: string
  readonly user_id: string
  readonly name_new: string
}
export interface InputStatusNotify extends NoticeBase {
  readonly notice_type: 'notify'
  readonly sub_type: 'input_status'
  readonly user_id: string
  readonly group_id?: string
  readonly status_text: string
  readonly event_type: number
}
/** No `user_id`/`group_id`: who liked is `operator_id`. */
export interface ProfileLikeNotify extends NoticeBase {
  readonly notice_type: 'notify'
  readonly sub_type: 'profile_like'
  readonly operator_id: string
  readonly operator_nick: string
  readonly times: number
}
export interface GrayTipNotify extends NoticeBase {
  readonly notice_type: 'notify'
  readonly sub_type: 'gray_tip'
  readonly group_id?: string
  readonly user_id?: string
  readonly message_id?: number
  readonly busi_id?: string
  readonly content?: string
  readonly raw_info?: unknown
}
export interface GroupCardNotice extends NoticeBase {
  readonly notice_type: 'group_card'
  readonly group_id: string
  readonly user_id: string
  readonly card_new: string
  readonly card_old: string
}
export interface OfflineFileNotice extends NoticeBase {
  readonly notice_type: 'offline_file'
  readonly user_id: string
  readonly file: {
    readonly name: string
    readonly size: number
    readonly url: string
    readonly id?: string
    readonly hash?: string
  }
}
export interface ClientStatusNotice extends NoticeBase {
  readonly notice_type: 'client_status'
  readonly client: { readonly app_id?: number; readonly device_name?: string; readonly device_kind?: string }
  readonly online: boolean
}
export interface EssenceNotice extends NoticeBase {
  readonly notice_type: 'essence'
  readonly sub_type: 'add' | 'delete'
  readonly group_id: string
  readonly sender_id: string
  readonly operator_id: string
  readonly message_id: number
}
export interface GroupMsgEmojiLikeNotice extends NoticeBase {
  readonly notice_type: 'group_msg_emoji_like'
  readonly group_id: string
  readonly user_id: string
  readonly message_id: number
  readonly likes: readonly { readonly emoji_id: string; readonly count: number }[]
  readonly is_add?: boolean
}
export interface ReactionNotice extends NoticeBase {
  readonly notice_type: 'reaction'
  readonly sub_type: 'add' | 'remove'
  readonly group_id: string
  readonly message_id: number
  readonly operator_id: string
  readonly code: string
  readonly count: number
}
export interface BotOfflineNotice extends NoticeBase {
  readonly notice_type: 'bot_offline'
  readonly user_id: string
  readonly tag: string
  readonly message: string
}

export type NotifyNotice =
  | PokeNotify
  | LuckyKingNotify
  | HonorNotify
  | TitleNotify
  | GroupNameNotify
  | InputStatusNotify
  | ProfileLikeNotify
  | GrayTipNotify

export type NoticeEvent =
  | GroupUploadNotice
  | GroupAdminNotice
  | GroupDecreaseNotice
  | GroupIncreaseNotice
  | GroupBanNotice
  | FriendAddNotice
  | GroupRecallNotice
  | FriendRecallNotice
  | NotifyNotice
  | GroupCardNotice
  | OfflineFileNotice
  | ClientStatusNotice
  | EssenceNotice
  | GroupMsgEmojiLikeNotice
  | ReactionNotice
  | BotOfflineNotice

// --- Requests ------------------------------------------------------------------------------------

export interface FriendRequestEvent extends Base {
  readonly post_type: 'request'
  readonly request_type: 'friend'
  readonly user_id: string
  readonly comment?: string | null
  /** Opaque: pass back exactly as received. */
  readonly flag: string
}
export interface GroupRequestEvent extends Base {
  readonly post_type: 'request'
  readonly request_type: 'group'
  readonly sub_type: 'add' | 'invite'
  readonly group_id: string
  readonly user_id: string
  readonly comment?: string | null
  readonly flag: string
  readonly invitor_id?: string
}
export type RequestEvent = FriendRequestEvent | GroupRequestEvent

// --- Meta ----------------------------------------------------------------------------------------

export interface LifecycleMetaEvent extends Base {
  readonly post_type: 'meta_event'
  readonly meta_event_type: 'lifecycle'
  /** `enable`/`disable` arrive over HTTP POST, `connect` over WebSocket. */
  readonly sub_type: 'enable' | 'disable' | 'connect'
}
export interface HeartbeatMetaEvent extends Base {
  readonly post_type: 'meta_event'
  readonly meta_event_type: 'heartbeat'
  readonly status: {
    readonly online?: boolean | null
    readonly good: boolean
    readonly [extra: string]: unknown
  }
  /** Milliseconds until the next heartbeat. */
  readonly interval: number
}
export type MetaEvent = LifecycleMetaEvent | HeartbeatMetaEvent

/** Every event this adapter models. */
export type KnownV11Event = MessageEvent | MessageSentEvent | NoticeEvent | RequestEvent | MetaEvent

/**
 * An event whose type is not modelled here (a new extension, or a partial payload). It is still
 * delivered, under the name its payload gives (`notice.some_new_type`).
 */
export interface UnknownV11Event {
  readonly post_type: string
  readonly time?: number
  readonly self_id?: LongId
  readonly [field: string]: unknown
}

export type V11Event = KnownV11Event | UnknownV11Event
