import { expect, it } from 'vitest'
import type { IncomingEvent } from '../../../adapter/event.js'
import * as all from './permission.js'

const ev = (event: object, kind = 'message', adapter = 'onebot.v11') =>
  ({ adapter, kind, event }) as unknown as IncomingEvent
const granted = (e: IncomingEvent) =>
  Object.entries(all)
    .filter(([, p]) => p(e))
    .map(([name]) => name)

it('grants by chat type, private sub type and group role', () => {
  expect(granted(ev({ message_type: 'group', sender: { role: 'admin' } }))).toEqual(['GROUP', 'GROUP_ADMIN'])
  expect(granted(ev({ message_type: 'group', sender: { role: 'owner' } }))).toEqual(['GROUP', 'GROUP_OWNER'])
  expect(granted(ev({ message_type: 'group', sender: { role: 'member' } }))).toEqual([
    'GROUP',
    'GROUP_MEMBER',
  ])
  expect(granted(ev({ message_type: 'private', sub_type: 'friend' }))).toEqual(['PRIVATE', 'PRIVATE_FRIEND'])
  expect(granted(ev({ message_type: 'private', sub_type: 'group' }))).toEqual(['PRIVATE', 'PRIVATE_GROUP'])
  expect(granted(ev({ message_type: 'private', sub_type: 'other' }))).toEqual(['PRIVATE', 'PRIVATE_OTHER'])
})

it('grants nothing to self messages, notices or other adapters', () => {
  expect(granted(ev({ message_type: 'group', sender: { role: 'owner' } }, 'message_sent'))).toEqual([])
  expect(granted(ev({ notice_type: 'group_ban' }, 'notice'))).toEqual([])
  expect(granted(ev({ message_type: 'private', sub_type: 'friend' }, 'message', 'onebot.v12'))).toEqual([])
})
