import type { MessageStore } from './message-store.js'
import type { ImplementationProfile } from './profiles.js'
import { type ActionCall, ActionFailure, type SimBot } from './types.js'

/** What the default action handlers can see. */
export interface DefaultActionEnv {
  readonly profile: ImplementationProfile
  readonly bots: readonly SimBot[]
  readonly store: MessageStore
}

export type DefaultAction = (call: ActionCall, env: DefaultActionEnv) => unknown

const now = (): number => Math.floor(Date.now() / 1000)
const selfOf = (call: ActionCall, env: DefaultActionEnv): SimBot => {
  const bot = call.bot ?? env.bots[0]
  if (!bot) throw new ActionFailure(100, 'no bot')
  return bot
}

function sendV11(detailType: 'private' | 'group' | undefined): DefaultAction {
  return (call, env) => {
    const p = call.params
    const type =
      detailType ??
      (p.message_type === 'group' || (p.group_id != null && p.message_type !== 'private')
        ? 'group'
        : 'private')
    const id = env.store.nextId()
    env.store.remember({
      id: String(id),
      time: now(),
      detailType: type,
      userId: selfOf(call, env).id,
      groupId: type === 'group' ? String(p.group_id) : undefined,
      message: p.message,
      botId: call.bot?.id,
    })
    return { message_id: id }
  }
}

export const v11Defaults: Readonly<Record<string, DefaultAction>> = {
  get_login_info: (call, env) => {
    const bot = selfOf(call, env)
    return { user_id: Number(bot.id), nickname: bot.nickname }
  },
  send_msg: sendV11(undefined),
  send_private_msg: sendV11('private'),
  send_group_msg: sendV11('group'),
  delete_msg: (call, env) => {
    if (!env.store.delete(call.params.message_id)) throw new ActionFailure(100, 'message not found')
    return null
  },
  get_msg: (call, env) => {
    const stored = env.store.get(call.params.message_id)
    if (!stored) throw new ActionFailure(100, 'message not found')
    const id = Number(stored.id)
    return {
      time: stored.time,
      message_type: stored.detailType,
      message_id: id,
      real_id: id,
      sender: { user_id: Number(stored.userId), nickname: `user${stored.userId}` },
      message: stored.message,
    }
  },
  get_status: () => ({ online: true, good: true }),
  get_version_info: (_call, env) => ({
    app_name: env.profile.appName,
    app_version: env.profile.appVersion,
    protocol_version: 'v11',
  }),
  get_stranger_info: (call) => ({
    user_id: Number(call.params.user_id),
    nickname: `user${String(call.params.user_id)}`,
    sex: 'unknown',
    age: 0,
  }),
  get_friend_list: () => [],
  get_group_list: () => [],
  get_group_info: (call) => ({
    group_id: Number(call.params.group_id),
    group_name: `group${String(call.params.group_id)}`,
    member_count: 2,
    max_member_count: 200,
  }),
  get_group_member_info: (call) => ({
    group_id: Number(call.params.group_id),
    user_id: Number(call.params.user_id),
    nickname: `user${String(call.params.user_id)}`,
    card: '',
    sex: 'unknown',
    age: 0,
    role: 'member',
    title: '',
  }),
  get_group_member_list: () => [],
  can_send_image: () => ({ yes: true }),
  can_send_record: () => ({ yes: true }),
  send_like: () => null,
}

export const v12Defaults: Readonly<Record<string, DefaultAction>> = {
  get_self_info: (call, env) => {
    const bot = selfOf(call, env)
    return { user_id: bot.id, user_name: bot.nickname, user_displayname: '' }
  },
  send_message: (call, env) => {
    const p = call.params
    const id = String(env.store.nextId())
    env.store.remember({
      id,
      time: now(),
      detailType: String(p.detail_type ?? 'private'),
      userId: selfOf(call, env).id,
      groupId: p.group_id === undefined ? undefined : String(p.group_id),
      message: p.message,
      botId: call.bot?.id,
    })
    return { message_id: id, time: Date.now() / 1000 }
  },
  delete_message: (call, env) => {
    if (!env.store.delete(call.params.message_id)) throw new ActionFailure(35001, 'message not found')
    return null
  },
  get_status: (_call, env) => ({
    good: true,
    bots: env.bots.map((bot) => ({ self: selfField(bot), online: true })),
  }),
  get_version: (_call, env) => ({
    impl: env.profile.appName,
    version: env.profile.appVersion,
    onebot_version: '12',
  }),
  get_supported_actions: () => Object.keys(v12Defaults).filter((name) => name !== 'get_latest_events'),
  get_latest_events: () => [],
  get_user_info: (call) => ({
    user_id: String(call.params.user_id),
    user_name: `user${String(call.params.user_id)}`,
    user_displayname: '',
    user_remark: '',
  }),
  get_friend_list: () => [],
  get_group_info: (call) => ({
    group_id: String(call.params.group_id),
    group_name: `group${String(call.params.group_id)}`,
  }),
  get_group_list: () => [],
  get_group_member_info: (call) => ({
    user_id: String(call.params.user_id),
    user_name: `user${String(call.params.user_id)}`,
    user_displayname: '',
  }),
  get_group_member_list: () => [],
  set_group_name: () => null,
  leave_group: () => null,
}

export const V12_META_ACTIONS: ReadonlySet<string> = new Set([
  'get_latest_events',
  'get_supported_actions',
  'get_status',
  'get_version',
])

export function selfField(bot: SimBot): { platform: string; user_id: string } {
  return { platform: bot.platform, user_id: bot.id }
}
