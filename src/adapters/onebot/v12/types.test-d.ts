import { describe, expectTypeOf, it } from 'vitest'
import type { AdapterRegistry } from '../../../adapter/adapter.js'
import type { V12Bot } from './bot.js'
import type {
  V12ChannelMessageEvent,
  V12GroupMessageEvent,
  V12HeartbeatEvent,
  V12MessageEvent,
  V12StatusUpdateEvent,
  V12Version,
} from './events.js'
import './index.js'

type Events = AdapterRegistry['onebot.v12']['events']

describe('V12 types', () => {
  it('registers the adapter with key-based narrowing', () => {
    expectTypeOf<Events['message.group']>().toEqualTypeOf<V12GroupMessageEvent>()
    expectTypeOf<Events['message.group']['group_id']>().toEqualTypeOf<string>()
    expectTypeOf<Events['message.channel']>().toEqualTypeOf<V12ChannelMessageEvent>()
    expectTypeOf<Events['message']>().toEqualTypeOf<V12MessageEvent>()
    expectTypeOf<Events['meta.heartbeat']>().toEqualTypeOf<V12HeartbeatEvent>()
    expectTypeOf<Events['meta.status_update']['status']['bots'][number]['online']>().toEqualTypeOf<boolean>()
    expectTypeOf<Events['notice.group_member_increase']['operator_id']>().toEqualTypeOf<string>()
    expectTypeOf<AdapterRegistry['onebot.v12']['bot']>().toEqualTypeOf<V12Bot>()
    expectTypeOf<Events>().not.toHaveProperty('message.nope')
    expectTypeOf<StatusOf<Events['meta.status_update']>>().toEqualTypeOf<V12StatusUpdateEvent['status']>()
  })

  it('types bot.call from the action map', () => {
    const bot = {} as V12Bot
    expectTypeOf(bot.call('get_version')).resolves.toEqualTypeOf<V12Version>()
    expectTypeOf(
      bot.call('send_message', { detail_type: 'group', group_id: 'g', message: 'hi' }),
    ).resolves.toHaveProperty('message_id')
    expectTypeOf(
      bot.call('upload_file', { type: 'data', name: 'a.png', data: new Uint8Array() }),
    ).resolves.toHaveProperty('file_id')
    // @ts-expect-error get_user_info needs user_id
    void bot.call('get_user_info', {})
    // @ts-expect-error unknown actions go through callApi
    void bot.call('qq.get_group_honor_info', {})
    expectTypeOf(bot.callApi('qq.get_group_honor_info', {})).resolves.toBeUnknown()
  })
})

type StatusOf<E> = E extends { status: infer S } ? S : never
