import type { MessageInput } from '../../../message/segment.js'
import type { V12Event, V12Self, V12Status, V12Version } from './events.js'
import type { V12Segment } from './message.js'

/** `bytes` in the spec: a base64 string over JSON, raw bytes over MessagePack. Send either. */
export type V12Bytes = Uint8Array | string

/** Extension params (`qq.xxx`) may be added to any action. */
type Ext = { readonly [extension: string]: unknown }
type None = Ext

export interface V12UserInfo {
  readonly user_id: string
  readonly user_name: string
  readonly user_displayname: string
  readonly user_remark?: string
  readonly [extension: string]: unknown
}
export interface V12GroupInfo {
  readonly group_id: string
  readonly group_name: string
  readonly [extension: string]: unknown
}
export interface V12GuildInfo {
  readonly guild_id: string
  readonly guild_name: string
  readonly [extension: string]: unknown
}
export interface V12ChannelInfo {
  readonly channel_id: string
  readonly channel_name: string
  readonly [extension: string]: unknown
}

export type V12SendMessageParams = Ext & { readonly message: MessageInput<V12Segment> } & (
    | { readonly detail_type: 'private'; readonly user_id: string }
    | { readonly detail_type: 'group'; readonly group_id: string }
    | { readonly detail_type: 'channel'; readonly guild_id: string; readonly channel_id: string }
    | { readonly detail_type: string & {}; readonly [field: string]: unknown }
  )

export type V12UploadFileParams = Ext & { readonly name: string; readonly sha256?: string } & (
    | { readonly type: 'url'; readonly url: string; readonly headers?: Readonly<Record<string, string>> }
    | { readonly type: 'path'; readonly path: string }
    | { readonly type: 'data'; readonly data: V12Bytes }
  )

export type V12UploadFileFragmentedParams = Ext &
  (
    | { readonly stage: 'prepare'; readonly name: string; readonly total_size: number }
    | {
        readonly stage: 'transfer'
        readonly file_id: string
        readonly offset: number
        readonly data: V12Bytes
      }
    | { readonly stage: 'finish'; readonly file_id: string; readonly sha256: string }
  )

export type V12GetFileFragmentedParams = Ext &
  (
    | { readonly stage: 'prepare'; readonly file_id: string }
    | { readonly stage: 'transfer'; readonly file_id: string; readonly offset: number; readonly size: number }
  )

export interface V12FileData {
  readonly name: string
  readonly url?: string
  readonly headers?: Readonly<Record<string, string>>
  readonly path?: string
  readonly data?: V12Bytes
  readonly sha256?: string
  readonly [extension: string]: unknown
}

type Fragmented<P, R> = { readonly params: P; readonly result: R }

/**
 * Every standard V12 action: its params and the `data` of a successful response.
 * `bot.call(name, params)` is typed from this map; other names go through `bot.callApi`.
 */
export interface V12ActionMap {
  // meta (no `self` needed)
  get_latest_events: { params: Ext & { limit?: number; timeout?: number }; result: V12Event[] }
  get_supported_actions: { params: None; result: string[] }
  get_status: { params: None; result: V12Status }
  get_version: { params: None; result: V12Version }
  // messages
  send_message: { params: V12SendMessageParams; result: { message_id: string; time: number } }
  delete_message: { params: Ext & { message_id: string }; result: null }
  // users
  get_self_info: { params: None; result: V12UserInfo }
  get_user_info: { params: Ext & { user_id: string }; result: V12UserInfo }
  get_friend_list: { params: None; result: V12UserInfo[] }
  // groups
  get_group_info: { params: Ext & { group_id: string }; result: V12GroupInfo }
  get_group_list: { params: None; result: V12GroupInfo[] }
  get_group_member_info: { params: Ext & { group_id: string; user_id: string }; result: V12UserInfo }
  get_group_member_list: { params: Ext & { group_id: string }; result: V12UserInfo[] }
  set_group_name: { params: Ext & { group_id: string; group_name: string }; result: null }
  leave_group: { params: Ext & { group_id: string }; result: null }
  // guilds
  get_guild_info: { params: Ext & { guild_id: string }; result: V12GuildInfo }
  get_guild_list: { params: None; result: V12GuildInfo[] }
  set_guild_name: { params: Ext & { guild_id: string; guild_name: string }; result: null }
  get_guild_member_info: { params: Ext & { guild_id: string; user_id: string }; result: V12UserInfo }
  get_guild_member_list: { params: Ext & { guild_id: string }; result: V12UserInfo[] }
  leave_guild: { params: Ext & { guild_id: string }; result: null }
  // channels
  get_channel_info: { params: Ext & { guild_id: string; channel_id: string }; result: V12ChannelInfo }
  get_channel_list: { params: Ext & { guild_id: string; joined_only?: boolean }; result: V12ChannelInfo[] }
  set_channel_name: {
    params: Ext & { guild_id: string; channel_id: string; channel_name: string }
    result: null
  }
  get_channel_member_info: {
    params: Ext & { guild_id: string; channel_id: string; user_id: string }
    result: V12UserInfo
  }
  get_channel_member_list: { params: Ext & { guild_id: string; channel_id: string }; result: V12UserInfo[] }
  leave_channel: { params: Ext & { guild_id: string; channel_id: string }; result: null }
  // files
  upload_file: { params: V12UploadFileParams; result: { file_id: string } }
  upload_file_fragmented: Fragmented<V12UploadFileFragmentedParams, { file_id: string } | null>
  get_file: {
    params: Ext & { file_id: string; type: 'url' | 'path' | 'data' | (string & {}) }
    result: V12FileData
  }
  get_file_fragmented: Fragmented<
    V12GetFileFragmentedParams,
    { name: string; total_size: number; sha256: string } | { data: V12Bytes }
  >
}

export type V12ActionName = keyof V12ActionMap

/** Actions that need no `self` even on a multi-bot connection. */
export const V12_META_ACTIONS: ReadonlySet<string> = new Set([
  'get_latest_events',
  'get_supported_actions',
  'get_status',
  'get_version',
])

/** The request object as sent on the wire. */
export interface V12ActionRequest {
  readonly action: string
  readonly params: Record<string, unknown>
  readonly echo?: string
  readonly self?: V12Self
}
