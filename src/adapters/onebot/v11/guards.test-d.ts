import { describe, expectTypeOf, it } from 'vitest'
import { definePlugin } from '../../../plugin/define-plugin.js'
import type { V12Bot } from '../v12/bot.js'
import '../v12/registry.js'
import type { V11SendResult } from './bot.js'
import type { GroupMessageEvent, PrivateMessageEvent } from './events.js'
import { extra } from './extra.js'
import { GROUP, GROUP_ADMIN, PRIVATE } from './permission.js'
import './registry.js'

describe('V11 permissions are type guards', () => {
  it('narrow c.event to what they let through', () => {
    definePlugin({
      name: 'guards',
      setup(ctx) {
        ctx.on('message', { permission: GROUP }, (c) => {
          expectTypeOf(c.adapter).toEqualTypeOf<'onebot.v11'>()
          expectTypeOf(c.event).toEqualTypeOf<GroupMessageEvent>()
          expectTypeOf(c.event.group_id).toEqualTypeOf<string>()
        })
        ctx.command('kick', { permission: GROUP_ADMIN }, (c) => {
          expectTypeOf(c.event.sender.role).toEqualTypeOf<'owner' | 'admin' | 'member' | undefined>()
          expectTypeOf(c.args).toEqualTypeOf<string>()
        })
        ctx.on('message.private', { permission: PRIVATE, priority: 2 }, (c) => {
          expectTypeOf(c.event).toEqualTypeOf<PrivateMessageEvent>()
        })
      },
    })
  })

  it('do not compile on an event key they can never match', () => {
    definePlugin({
      name: 'never',
      setup(ctx) {
        // @ts-expect-error GROUP never lets a group_increase notice through
        ctx.on('notice.group_increase', { permission: GROUP }, () => {})
        // @ts-expect-error a private-message permission on group messages
        ctx.on('message.group', { permission: PRIVATE }, () => {})
      },
    })
  })
})

describe('closed payloads, typed send results', () => {
  it('refuse unknown fields; extras through extra()', () => {
    definePlugin({
      name: 'closed',
      setup(ctx) {
        ctx.on('message.group', async (c) => {
          if (c.adapter !== 'onebot.v11') {
            expectTypeOf(c.bot).toEqualTypeOf<V12Bot>()
            expectTypeOf(await c.send('x')).toEqualTypeOf<{ message_id: string; time: number }>()
            return
          }
          // @ts-expect-error a misspelt field does not compile
          void c.event.gruop_id
          expectTypeOf(extra(c.event).raw_pb).toEqualTypeOf<unknown>()
          expectTypeOf(await c.send('hi')).toEqualTypeOf<V11SendResult>()
          expectTypeOf(await c.reply('hi')).toEqualTypeOf<V11SendResult>()
        })
      },
    })
  })
})
