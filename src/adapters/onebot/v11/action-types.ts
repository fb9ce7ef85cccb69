/** Result shapes of V11 actions (spec fields, plus the common implementation extras as optional). */
import type { LongId, Sender } from './events.js'
import type { V11Segment } from './segment-types.js'

export type MessageId = number | string

export interface MessageIdResult {
  readonly message_id: number
}
export interface ForwardResult {
  readonly message_id: number
  readonly forward_id?: string
  readonly res_id?: string
}
export interface GetMsgResult {
  readonly time: number
  readonly message_type: 'private' | 'group'
  readonly message_id: number
  readonly real_id?: number
  readonly sender: Sender
  readonly message: string | V11Segment[]
  readonly group_id?: string
  readonly raw_message?: string
  readonly [extra: string]: unknown
}
export interface ForwardNodes {
  /** Spec and Lagrange. */
  readonly message?: V11Segment[]
  /** go-cqhttp and NapCat (their node shapes differ; see the protocol notes I.3.4). */
  readonly messages?: readonly Record<string, unknown>[]
}
export interface LoginInfo {
  readonly user_id: string
  readonly nickname: string
}
export interface StrangerInfo {
  readonly user_id: string
  readonly nickname: string
  readonly sex: 'male' | 'female' | 'unknown'
  readonly age: number
  readonly [extra: string]: unknown
}
export interface FriendInfo {
  readonly user_id: string
  readonly nickname: string
  readonly remark: string
}
export interface GroupInfo {
  readonly group_id: string
  readonly group_name: string
  readonly member_count: number
  readonly max_member_count: number
  readonly [extra: string]: unknown
}
export interface GroupMemberInfo {
  readonly group_id: string
  readonly user_id: string
  readonly nickname: string
  readonly card: string
  readonly sex: 'male' | 'female' | 'unknown'
  readonly age: number
  readonly area: string
  readonly join_time: number
  readonly last_sent_time: number
  readonly level: string
  readonly role: 'owner' | 'admin' | 'member'
  readonly unfriendly: boolean
  readonly title: string
  readonly title_expire_time: number
  readonly card_changeable: boolean
  readonly [extra: string]: unknown
}
export interface HonorMember {
  readonly user_id: string
  readonly nickname: string
  readonly avatar: string
  readonly description?: string
  readonly day_count?: number
}
export interface GroupHonorInfo {
  readonly group_id: string
  readonly current_talkative?: HonorMember
  readonly talkative_list?: HonorMember[]
  readonly performer_list?: HonorMember[]
  readonly legend_list?: HonorMember[]
  readonly strong_newbie_list?: HonorMember[]
  readonly emotion_list?: HonorMember[]
}
export interface StatusResult {
  readonly online: boolean | null
  readonly good: boolean
  readonly [extra: string]: unknown
}
export interface VersionInfo {
  readonly app_name: string
  readonly app_version: string
  readonly protocol_version: string
  readonly [extra: string]: unknown
}
export interface GroupFile {
  readonly group_id: string
  readonly file_id: string
  readonly file_name: string
  readonly busid: number
  readonly file_size: number
  readonly upload_time: number
  readonly dead_time: number
  readonly modify_time: number
  readonly download_times: number
  readonly uploader: number
  readonly uploader_name: string
}
export interface GroupFolder {
  readonly group_id: string
  readonly folder_id: string
  readonly folder_name: string
  readonly create_time: number
  readonly creator: number
  readonly creator_name: string
  readonly total_file_count: number
}
export interface GroupFiles {
  readonly files: GroupFile[] | null
  readonly folders: GroupFolder[] | null
}
export interface EssenceMessage {
  readonly sender_id: string
  readonly sender_nick: string
  readonly sender_time: number
  readonly operator_id: string
  readonly operator_nick: string
  readonly operator_time: number
  readonly message_id: number
}
export interface FileInfo {
  readonly file: string
  readonly url?: string
  readonly file_size?: string | number
  readonly file_name?: string
  readonly base64?: string
}
export interface GroupSystemMessages {
  readonly invited_requests: readonly Record<string, unknown>[] | null
  readonly join_requests: readonly Record<string, unknown>[] | null
}
export interface MessageHistory {
  readonly messages: readonly Record<string, unknown>[]
}
export type { LongId }
