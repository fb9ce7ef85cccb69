import { describe, expectTypeOf, it } from 'vitest'
import type { Bot } from '../adapter/bot.js'
import type { IncomingEvent } from '../adapter/event.js'
import type { Message } from '../message/message.js'
import { definePlugin, pluginDefiner } from '../plugin/define-plugin.js'
import { dependency } from './dependency.js'
import { superuser } from './permission.js'
import { or } from './rule.js'
import type { ShellResult } from './shell.js'
import type { ContextFor } from './types.js'

// A registry with two adapters, as the OneBot adapters declare themselves (without merging globally).
interface V11Group {
  post_type: 'message'
  message_type: 'group'
  group_id: number
  user_id: number
}
interface V11Private {
  post_type: 'message'
  message_type: 'private'
  user_id: number
}
interface V11Increase {
  post_type: 'notice'
  notice_type: 'group_increase'
  operator_id: number
}
interface V11Heartbeat {
  post_type: 'meta_event'
  interval: number
}
interface V12Group {
  type: 'message'
  detail_type: 'group'
  group_id: string
}
interface V12Heartbeat {
  type: 'meta'
  detail_type: 'heartbeat'
}
interface V11Bot extends Bot {
  readonly adapter: 'onebot.v11'
  sendGroupMsg(groupId: number, text: string): Promise<unknown>
}
interface V12Bot extends Bot {
  readonly adapter: 'onebot.v12'
}
interface TestRegistry {
  'onebot.v11': {
    events: {
      message: V11Group | V11Private
      'message.group': V11Group
      'message.private': V11Private
      notice: V11Increase
      'notice.group_increase': V11Increase
      meta_event: V11Heartbeat
    }
    bot: V11Bot
  }
  'onebot.v12': {
    events: { message: V12Group; 'message.group': V12Group; meta: V12Heartbeat }
    bot: V12Bot
  }
}

const defineTestPlugin = pluginDefiner<TestRegistry>()
const groupOnly = dependency((c: ContextFor<TestRegistry, 'message.group'>) => c.event.group_id)
const anyEvent = dependency((c) => c.name)
const groupAdmin = (event: IncomingEvent): boolean => event.userId === '1'

describe('handler narrowing', () => {
  it('narrows the event by key and by adapter', () => {
    defineTestPlugin({
      name: 'types',
      setup(ctx) {
        ctx.on('message.group', (c) => {
          expectTypeOf(c.event).toEqualTypeOf<V11Group | V12Group>()
          expectTypeOf(c.event.group_id).toEqualTypeOf<number | string>()
          expectTypeOf(c.adapter).toEqualTypeOf<'onebot.v11' | 'onebot.v12'>()
          if (c.adapter === 'onebot.v11') {
            expectTypeOf(c.event).toEqualTypeOf<V11Group>()
            expectTypeOf(c.bot).toEqualTypeOf<V11Bot>()
            expectTypeOf(c.event.group_id).toEqualTypeOf<number>()
          } else {
            expectTypeOf(c.event).toEqualTypeOf<V12Group>()
            expectTypeOf(c.bot).toEqualTypeOf<V12Bot>()
          }
        })
        ctx.on('message.private', (c) => {
          expectTypeOf(c.message).toEqualTypeOf<Message>()
          // @ts-expect-error a dependency for group messages cannot be resolved for private ones
          void c.resolve(groupOnly)
          void c.resolve(anyEvent)
        })
        ctx.on('message.group', async (c) => {
          expectTypeOf(await c.resolve(groupOnly)).toEqualTypeOf<number | string>()
        })
        ctx.on('notice.group_increase', (c) => {
          expectTypeOf(c.message).toEqualTypeOf<Message | undefined>()
          expectTypeOf(c.adapter).toEqualTypeOf<'onebot.v11'>()
          expectTypeOf(c.event.operator_id).toEqualTypeOf<number>()
        })
        ctx.on('message', (c) => {
          expectTypeOf(c.event).toEqualTypeOf<V11Group | V11Private | V12Group>()
          // @ts-expect-error a private message has no group_id
          void c.event.group_id
        })
        ctx.metaEvent((c) => expectTypeOf(c.event).toEqualTypeOf<V11Heartbeat | V12Heartbeat>())
        ctx.notice((c) => expectTypeOf(c.event).toEqualTypeOf<V11Increase>())
        ctx.on('*', (c) => expectTypeOf(c.adapter).toEqualTypeOf<'onebot.v11' | 'onebot.v12'>())
        ctx.type(['message.private', 'notice.group_increase'], (c) =>
          expectTypeOf(c.event).toEqualTypeOf<V11Private | V11Increase>(),
        )
        // @ts-expect-error unknown event key
        ctx.on('message.channel', () => {})
      },
    })
  })

  it('gives factories their extra fields', () => {
    defineTestPlugin({
      name: 'fields',
      setup(ctx) {
        ctx.command('echo', (c) => {
          expectTypeOf(c.args).toEqualTypeOf<string>()
          expectTypeOf(c.argsMessage).toEqualTypeOf<Message>()
          expectTypeOf(c.command).toEqualTypeOf<readonly string[]>()
          expectTypeOf(c.event).toEqualTypeOf<V11Group | V11Private | V12Group>()
        })
        ctx.regex(/(\d+)/, (c) => expectTypeOf(c.match).toEqualTypeOf<RegExpExecArray>())
        ctx.keyword('hi', (c) => expectTypeOf(c.matched).toEqualTypeOf<string>())
        ctx.shellCommand(
          'ls',
          {
            options: {
              all: { type: 'boolean' },
              depth: { type: 'number', default: 1 },
              tag: { type: 'string', multiple: true },
            },
          },
          (c) => {
            if (c.shell.ok) {
              expectTypeOf(c.shell.values.all).toEqualTypeOf<boolean | undefined>()
              expectTypeOf(c.shell.values.depth).toEqualTypeOf<number>()
              expectTypeOf(c.shell.values.tag).toEqualTypeOf<string[] | undefined>()
            } else {
              expectTypeOf(c.shell.status).toEqualTypeOf<0 | 2>()
            }
            expectTypeOf(c.shell).toMatchTypeOf<ShellResult>()
          },
        )
        ctx.on('message.group', (c) => {
          // @ts-expect-error only command matchers have args
          void c.args
        })
      },
    })
  })

  it('accepts adapter predicates as permissions and types dependencies and required exports', () => {
    const counter = defineTestPlugin({
      name: 'counter',
      setup() {
        let n = 0
        return { next: (): number => ++n }
      },
    })
    const user = dependency(async (c) => ({ id: c.userId ?? '' }))
    defineTestPlugin({
      name: 'deps',
      async setup(ctx) {
        const exports = await ctx.require(counter)
        expectTypeOf(exports.next).toEqualTypeOf<() => number>()
        ctx.command('me', { permission: or(superuser, groupAdmin) }, async (c) => {
          expectTypeOf(await c.resolve(user)).toEqualTypeOf<{ id: string }>()
        })
      },
    })
  })

  it('narrows through the real registry the OneBot adapters fill', () => {
    definePlugin({
      name: 'global',
      setup(ctx) {
        ctx.on('message.group', (c) => {
          if (c.adapter === 'onebot.v11') expectTypeOf(c.event.group_id).toEqualTypeOf<string>()
          else expectTypeOf(c.event.group_id).toEqualTypeOf<string>()
        })
        // @ts-expect-error: not an event key of any registered adapter
        ctx.on('anything.at.all', () => {})
      },
    })
  })
})
