/**
 * The V11 action map: every standard action and the widely used extensions, declared once as
 * `{ [action]: { params; result } }`. `bot.call` and `bot.api` are typed from it; anything not
 * listed stays callable through `bot.callApi(name, params)`.
 */
import type * as R from './action-types.js'
import type { V11MessageParam } from './segment-types.js'

type Id = number | string
type Msg = { message: V11MessageParam; auto_escape?: boolean }
type Act<P, Res = null> = { params: P; result: Res }
type NoParams = Record<string, never>

export interface V11Actions {
  // --- Standard (OneBot 11) ---
  send_private_msg: Act<{ user_id: Id; group_id?: Id } & Msg, R.MessageIdResult>
  send_group_msg: Act<{ group_id: Id } & Msg, R.MessageIdResult>
  send_msg: Act<{ message_type?: 'private' | 'group'; user_id?: Id; group_id?: Id } & Msg, R.MessageIdResult>
  delete_msg: Act<{ message_id: R.MessageId }>
  get_msg: Act<{ message_id: R.MessageId }, R.GetMsgResult>
  get_forward_msg: Act<{ id?: string; message_id?: string }, R.ForwardNodes>
  send_like: Act<{ user_id: Id; times?: number }>
  set_group_kick: Act<{ group_id: Id; user_id: Id; reject_add_request?: boolean }>
  set_group_ban: Act<{ group_id: Id; user_id: Id; duration?: number }>
  set_group_anonymous_ban: Act<{
    group_id: Id
    anonymous?: object
    anonymous_flag?: string
    flag?: string
    duration?: number
  }>
  set_group_whole_ban: Act<{ group_id: Id; enable?: boolean }>
  set_group_admin: Act<{ group_id: Id; user_id: Id; enable?: boolean }>
  set_group_anonymous: Act<{ group_id: Id; enable?: boolean }>
  set_group_card: Act<{ group_id: Id; user_id: Id; card?: string }>
  set_group_name: Act<{ group_id: Id; group_name: string }>
  set_group_leave: Act<{ group_id: Id; is_dismiss?: boolean }>
  set_group_special_title: Act<{ group_id: Id; user_id: Id; special_title?: string; duration?: number }>
  set_friend_add_request: Act<{ flag: string; approve?: boolean; remark?: string }>
  set_group_add_request: Act<{
    flag: string
    sub_type?: 'add' | 'invite'
    type?: 'add' | 'invite'
    approve?: boolean
    reason?: string
  }>
  get_login_info: Act<NoParams, R.LoginInfo>
  get_stranger_info: Act<{ user_id: Id; no_cache?: boolean }, R.StrangerInfo>
  get_friend_list: Act<{ no_cache?: boolean }, R.FriendInfo[]>
  get_group_info: Act<{ group_id: Id; no_cache?: boolean }, R.GroupInfo>
  get_group_list: Act<{ no_cache?: boolean }, R.GroupInfo[]>
  get_group_member_info: Act<{ group_id: Id; user_id: Id; no_cache?: boolean }, R.GroupMemberInfo>
  get_group_member_list: Act<{ group_id: Id; no_cache?: boolean }, R.GroupMemberInfo[]>
  get_group_honor_info: Act<
    { group_id: Id; type: 'talkative' | 'performer' | 'legend' | 'strong_newbie' | 'emotion' | 'all' },
    R.GroupHonorInfo
  >
  get_cookies: Act<{ domain?: string }, { cookies: string }>
  get_csrf_token: Act<NoParams, { token: number }>
  get_credentials: Act<{ domain?: string }, { cookies: string; csrf_token: number }>
  get_record: Act<{ file: string; out_format: string }, { file: string }>
  get_image: Act<{ file: string }, R.FileInfo>
  can_send_image: Act<NoParams, { yes: boolean }>
  can_send_record: Act<NoParams, { yes: boolean }>
  get_status: Act<NoParams, R.StatusResult>
  get_version_info: Act<NoParams, R.VersionInfo>
  set_restart: Act<{ delay?: number }>
  clean_cache: Act<NoParams>
  '.handle_quick_operation': Act<{ context: object; operation: object }>
  // --- Extensions: forward messages (go-cqhttp, NapCat, Lagrange, LLOneBot) ---
  send_group_forward_msg: Act<{ group_id: Id; messages: V11MessageParam }, R.ForwardResult>
  send_private_forward_msg: Act<{ user_id: Id; messages: V11MessageParam }, R.ForwardResult>
  send_forward_msg: Act<
    {
      message_type?: 'private' | 'group'
      user_id?: Id
      group_id?: Id
      messages: V11MessageParam
      news?: unknown
      prompt?: string
      summary?: string
      source?: string
    },
    R.ForwardResult
  >
  // --- Extensions: history and read state ---
  get_group_msg_history: Act<
    { group_id: Id; message_seq?: Id; count?: number; reverse_order?: boolean },
    R.MessageHistory
  >
  get_friend_msg_history: Act<
    { user_id: Id; message_seq?: Id; count?: number; reverse_order?: boolean },
    R.MessageHistory
  >
  mark_msg_as_read: Act<{ message_id: R.MessageId }>
  mark_private_msg_as_read: Act<{ user_id: Id }>
  mark_group_msg_as_read: Act<{ group_id: Id }>
  _mark_all_as_read: Act<NoParams>
  // --- Extensions: files ---
  upload_group_file: Act<
    { group_id: Id; file: string; name: string; folder?: string; folder_id?: string },
    { file_id?: string } | null
  >
  upload_private_file: Act<{ user_id: Id; file: string; name: string }, { file_id?: string } | null>
  get_group_root_files: Act<{ group_id: Id }, R.GroupFiles>
  get_group_files_by_folder: Act<{ group_id: Id; folder_id: string }, R.GroupFiles>
  get_group_file_url: Act<{ group_id: Id; file_id: string; busid?: number }, { url: string }>
  get_group_file_system_info: Act<
    { group_id: Id },
    { file_count: number; limit_count: number; used_space: number; total_space: number }
  >
  delete_group_file: Act<{ group_id: Id; file_id: string; busid?: number }>
  create_group_file_folder: Act<{ group_id: Id; name: string; parent_id?: string }>
  delete_group_folder: Act<{ group_id: Id; folder_id: string }>
  download_file: Act<
    { url?: string; base64?: string; name?: string; thread_count?: number; headers?: string | string[] },
    { file: string }
  >
  get_file: Act<{ file?: string; file_id?: string }, R.FileInfo>
  // --- Extensions: group management ---
  set_essence_msg: Act<{ message_id: R.MessageId }>
  delete_essence_msg: Act<{ message_id: R.MessageId }>
  get_essence_msg_list: Act<{ group_id: Id }, R.EssenceMessage[]>
  _send_group_notice: Act<{ group_id: Id; content: string; image?: string }>
  _get_group_notice: Act<{ group_id: Id }, readonly Record<string, unknown>[]>
  get_group_system_msg: Act<NoParams, R.GroupSystemMessages>
  get_group_at_all_remain: Act<
    { group_id: Id },
    { can_at_all: boolean; remain_at_all_count_for_group: number; remain_at_all_count_for_uin: number }
  >
  set_group_portrait: Act<{ group_id: Id; file: string; cache?: number }>
  // --- Extensions: account and misc ---
  set_qq_profile: Act<{
    nickname?: string
    company?: string
    email?: string
    college?: string
    personal_note?: string
  }>
  get_online_clients: Act<{ no_cache?: boolean }, { clients: readonly Record<string, unknown>[] }>
  delete_friend: Act<{ user_id: Id }>
  get_unidirectional_friend_list: Act<
    NoParams,
    readonly { user_id: number; nickname: string; source: string }[]
  >
  _get_model_show: Act<{ model: string }, { variants: readonly Record<string, unknown>[] }>
  _set_model_show: Act<{ model: string; model_show: string }>
  check_url_safely: Act<{ url: string }, { level: 1 | 2 | 3 }>
  ocr_image: Act<{ image: string }, { texts: readonly Record<string, unknown>[]; language: string }>
  '.ocr_image': Act<{ image: string }, { texts: readonly Record<string, unknown>[]; language: string }>
  get_word_slices: Act<{ content: string }, { slices: string[] }>
  '.get_word_slices': Act<{ content: string }, { slices: string[] }>
  reload_event_filter: Act<{ file: string }>
  // --- Extensions: NapCat / LLOneBot ---
  set_msg_emoji_like: Act<{ message_id: R.MessageId; emoji_id: Id; set?: boolean }>
  group_poke: Act<{ group_id: Id; user_id: Id }>
  friend_poke: Act<{ user_id: Id }>
  send_poke: Act<{ user_id: Id; group_id?: Id }>
  get_rkey: Act<NoParams, readonly Record<string, unknown>[]>
  nc_get_rkey: Act<NoParams, readonly Record<string, unknown>[]>
  set_input_status: Act<{ user_id: Id; event_type: number }>
  get_recent_contact: Act<{ count?: number }, readonly Record<string, unknown>[]>
  get_group_shut_list: Act<{ group_id: Id }, readonly Record<string, unknown>[]>
  get_group_info_ex: Act<{ group_id: Id }, Record<string, unknown>>
  set_group_sign: Act<{ group_id: Id }>
  get_ai_record: Act<{ group_id: Id; character: string; text: string }, string>
  send_group_ai_record: Act<{ group_id: Id; character: string; text: string }, { message_id: number }>
}

export type V11ActionName = keyof V11Actions
export type V11ActionParams<A extends V11ActionName> = V11Actions[A]['params']
export type V11ActionResult<A extends V11ActionName> = V11Actions[A]['result']

/** Every action name at runtime, for generating `bot.api`. Checked against the map both ways. */
export const v11ActionNames = [
  'send_private_msg',
  'send_group_msg',
  'send_msg',
  'delete_msg',
  'get_msg',
  'get_forward_msg',
  'send_like',
  'set_group_kick',
  'set_group_ban',
  'set_group_anonymous_ban',
  'set_group_whole_ban',
  'set_group_admin',
  'set_group_anonymous',
  'set_group_card',
  'set_group_name',
  'set_group_leave',
  'set_group_special_title',
  'set_friend_add_request',
  'set_group_add_request',
  'get_login_info',
  'get_stranger_info',
  'get_friend_list',
  'get_group_info',
  'get_group_list',
  'get_group_member_info',
  'get_group_member_list',
  'get_group_honor_info',
  'get_cookies',
  'get_csrf_token',
  'get_credentials',
  'get_record',
  'get_image',
  'can_send_image',
  'can_send_record',
  'get_status',
  'get_version_info',
  'set_restart',
  'clean_cache',
  '.handle_quick_operation',
  'send_group_forward_msg',
  'send_private_forward_msg',
  'send_forward_msg',
  'get_group_msg_history',
  'get_friend_msg_history',
  'mark_msg_as_read',
  'mark_private_msg_as_read',
  'mark_group_msg_as_read',
  '_mark_all_as_read',
  'upload_group_file',
  'upload_private_file',
  'get_group_root_files',
  'get_group_files_by_folder',
  'get_group_file_url',
  'get_group_file_system_info',
  'delete_group_file',
  'create_group_file_folder',
  'delete_group_folder',
  'download_file',
  'get_file',
  'set_essence_msg',
  'delete_essence_msg',
  'get_essence_msg_list',
  '_send_group_notice',
  '_get_group_notice',
  'get_group_system_msg',
  'get_group_at_all_remain',
  'set_group_portrait',
  'set_qq_profile',
  'get_online_clients',
  'delete_friend',
  'get_unidirectional_friend_list',
  '_get_model_show',
  '_set_model_show',
  'check_url_safely',
  'ocr_image',
  '.ocr_image',
  'get_word_slices',
  '.get_word_slices',
  'reload_event_filter',
  'set_msg_emoji_like',
  'group_poke',
  'friend_poke',
  'send_poke',
  'get_rkey',
  'nc_get_rkey',
  'set_input_status',
  'get_recent_contact',
  'get_group_shut_list',
  'get_group_info_ex',
  'set_group_sign',
  'get_ai_record',
  'send_group_ai_record',
] as const satisfies readonly V11ActionName[]

// Fails to compile when an action of the map is missing from the runtime list.
type MissingFromList = Exclude<V11ActionName, (typeof v11ActionNames)[number]>
export const actionListIsComplete: [MissingFromList] extends [never] ? true : MissingFromList = true
