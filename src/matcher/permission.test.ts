import { afterEach, describe, expect, it } from 'vitest'
import type { IncomingEvent } from '../adapter/event.js'
import { pluginDefiner } from '../plugin/define-plugin.js'
import {
  createFakeApp,
  type FakeApp,
  type FakeGroupMessage,
  type FakeRegistry,
} from '../testing/fake-adapter.js'
import { superuser, user } from './permission.js'
import { and, fullMatch, isType, not, or, startsWith, toMe } from './rule.js'

const definePlugin = pluginDefiner<FakeRegistry>()
let t: FakeApp
afterEach(async () => t?.stop())

/** What an adapter exports: a plain predicate over IncomingEvent (like OneBot's GROUP_ADMIN). */
const groupAdmin = (event: IncomingEvent): boolean =>
  (event.event as Partial<FakeGroupMessage>).sender?.role === 'admin'
const groupOwner = (event: IncomingEvent): boolean =>
  (event.event as Partial<FakeGroupMessage>).sender?.role === 'owner'

describe('permissions', () => {
  it('matches SUPERUSERS as adapter prefix, full adapter name, and bare id', async () => {
    t = await createFakeApp({
      adapterName: 'fake.v1',
      config: { superusers: ['fake:1', 'fake.v1:2', '3'] },
      plugins: [
        definePlugin({
          name: 'admin',
          setup(ctx) {
            ctx.command('shutdown', { permission: superuser }, (c) => c.send(`ok ${c.userId}`))
          },
        }),
      ],
    })
    for (const userId of [1, 2, 3, 4]) {
      await t.receive(t.adapter.privateMessage(t.bot, { text: '/shutdown', userId }))
    }
    expect(t.texts()).toEqual(['ok 1', 'ok 2', 'ok 3'])
  })

  it('accepts adapter predicates for group roles and composes them with or/not', async () => {
    t = await createFakeApp({
      config: { superusers: ['99'] },
      plugins: [
        definePlugin({
          name: 'roles',
          setup(ctx) {
            ctx.command('kick', { permission: or(superuser, groupAdmin, groupOwner) }, (c) =>
              c.send(`kick by ${c.userId}`),
            )
            ctx.command('member', { permission: not(or(groupAdmin, groupOwner)) }, (c) =>
              c.send(`member ${c.userId}`),
            )
          },
        }),
      ],
    })
    await t.receive(t.adapter.groupMessage(t.bot, { text: '/kick', userId: 1, role: 'member' }))
    await t.receive(t.adapter.groupMessage(t.bot, { text: '/kick', userId: 2, role: 'admin' }))
    await t.receive(t.adapter.groupMessage(t.bot, { text: '/kick', userId: 3, role: 'owner' }))
    await t.receive(t.adapter.groupMessage(t.bot, { text: '/kick', userId: 99, role: 'member' }))
    await t.receive(t.adapter.groupMessage(t.bot, { text: '/member', userId: 4, role: 'member' }))
    await t.receive(t.adapter.groupMessage(t.bot, { text: '/member', userId: 5, role: 'admin' }))
    expect(t.texts()).toEqual(['kick by 2', 'kick by 3', 'kick by 99', 'member 4'])
  })

  it('user() limits a matcher to sessions or users', async () => {
    t = await createFakeApp({
      plugins: [
        definePlugin({
          name: 'users',
          setup(ctx) {
            ctx.message({ permission: user('7', 'group_100_8') }, (c) => c.send(`hi ${c.userId}`))
          },
        }),
      ],
    })
    await t.receive(t.adapter.privateMessage(t.bot, { text: 'x', userId: 7 }))
    await t.receive(t.adapter.groupMessage(t.bot, { text: 'x', userId: 8, groupId: 100 }))
    await t.receive(t.adapter.groupMessage(t.bot, { text: 'x', userId: 8, groupId: 101 }))
    expect(t.texts()).toEqual(['hi 7', 'hi 8'])
  })
})

describe('rules', () => {
  it('combines built-in and async user rules with and/or/not', async () => {
    const slowAllow = async (c: IncomingEvent) => {
      await new Promise((r) => setImmediate(r))
      return c.userId !== '13'
    }
    t = await createFakeApp({
      plugins: [
        definePlugin({
          name: 'rules',
          setup(ctx) {
            ctx.message(
              {
                rule: and(
                  toMe,
                  or(startsWith('hi'), fullMatch('hello')),
                  not(isType('message.group')),
                  slowAllow,
                ),
              },
              (c) => c.send(`greeted ${c.userId}`),
            )
          },
        }),
      ],
    })
    await t.receive(t.adapter.privateMessage(t.bot, { text: 'hi there', userId: 1 }))
    await t.receive(t.adapter.privateMessage(t.bot, { text: 'hello', userId: 2 }))
    await t.receive(t.adapter.privateMessage(t.bot, { text: 'hello!', userId: 3 }))
    await t.receive(t.adapter.privateMessage(t.bot, { text: 'hi', userId: 13 }))
    await t.receive(t.adapter.groupMessage(t.bot, { text: 'hi', userId: 4, atMe: true }))
    await t.receive(t.adapter.privateMessage(t.bot, { text: 'hi', userId: 5, toMe: false }))
    expect(t.texts()).toEqual(['greeted 1', 'greeted 2'])
  })
})
