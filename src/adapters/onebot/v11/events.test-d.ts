import { describe, expectTypeOf, it } from 'vitest'
import type { AdapterRegistry } from '../../../adapter/adapter.js'
import type { IncomingEvent } from '../../../adapter/event.js'
import type { V11Bot } from './bot.js'
import type { V11EventKey, V11EventMap } from './event-map.js'
import type { GroupMessageEvent, HeartbeatMetaEvent, PokeNotify, PrivateMessageEvent } from './events.js'
import './registry.js'

describe('V11 event keys', () => {
  it('narrows message.group to the group message type', () => {
    expectTypeOf<V11EventMap['message.group']>().toEqualTypeOf<GroupMessageEvent>()
    expectTypeOf<V11EventMap['message.group']['group_id']>().toEqualTypeOf<string>()
    expectTypeOf<V11EventMap['message.private.friend']>().toEqualTypeOf<PrivateMessageEvent>()
    expectTypeOf<V11EventMap['notice.notify.poke']>().toEqualTypeOf<PokeNotify>()
    expectTypeOf<V11EventMap['meta_event.heartbeat']['interval']>().toEqualTypeOf<number>()
    expectTypeOf<V11EventMap['meta_event']>().toEqualTypeOf<
      HeartbeatMetaEvent | V11EventMap['meta_event.lifecycle']
    >()
  })

  it('does not offer group_id on every message, and rejects unknown keys', () => {
    // Private and guild messages have no group_id: on the broad key it is not offered.
    expectTypeOf<V11EventMap['message']>().not.toHaveProperty('group_id')
    expectTypeOf<'message.channel'>().not.toExtend<V11EventKey>()
    expectTypeOf<'notice.group_increase'>().toExtend<V11EventKey>()
    expectTypeOf<'message_sent.group'>().toExtend<V11EventKey>()
  })

  it('types user, group and bot ids as strings, in events, results and the context', () => {
    expectTypeOf<V11EventMap['message.group']['user_id']>().toEqualTypeOf<string>()
    expectTypeOf<V11EventMap['message.group']['self_id']>().toEqualTypeOf<string>()
    expectTypeOf<V11EventMap['notice.group_increase']['operator_id']>().toEqualTypeOf<string>()
    expectTypeOf<V11EventMap['message.group']['sender']['user_id']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<IncomingEvent['groupId']>().toEqualTypeOf<string | undefined>()
    const use = async (bot: V11Bot) => {
      const member = await bot.call('get_group_member_info', { group_id: '1', user_id: 2 })
      expectTypeOf(member.user_id).toEqualTypeOf<string>()
    }
    expectTypeOf(use).toBeFunction()
  })

  it('registers the adapter by declaration merging', () => {
    expectTypeOf<AdapterRegistry['onebot.v11']['bot']>().toEqualTypeOf<V11Bot>()
    expectTypeOf<
      AdapterRegistry['onebot.v11']['events']['message.group']
    >().toEqualTypeOf<GroupMessageEvent>()
  })

  it('types bot.call and bot.api from the action map', () => {
    const use = async (bot: V11Bot) => {
      expectTypeOf(await bot.call('get_login_info')).toEqualTypeOf<{
        readonly user_id: string
        readonly nickname: string
      }>()
      expectTypeOf(await bot.api.send_group_msg({ group_id: 1, message: 'hi' })).toHaveProperty('message_id')
      expectTypeOf(await bot.callApi('anything_else', { x: 1 })).toEqualTypeOf<unknown>()
      // @ts-expect-error group_id is required
      await bot.call('send_group_msg', { message: 'hi' })
      // @ts-expect-error not an action of the map (use callApi)
      await bot.call('no_such_action')
    }
    expectTypeOf(use).toBeFunction()
  })
})
