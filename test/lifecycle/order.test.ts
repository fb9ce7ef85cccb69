// Issue #10.10: the V11 adapter's wait for a quoted message (get_msg) must not let a later event
// of the same session overtake it.
import { afterEach, expect, it } from 'vitest'
import { definePlugin } from '../../src/index.js'
import { createTestApp, type TestApp, v11Events } from '../../src/testing/index.js'
import { gate } from './log.js'

let t: TestApp | undefined
afterEach(async () => {
  await t?.stop()
  t = undefined
})

it('a message quoting another is dispatched before the next message of its session; other sessions are not held up', async () => {
  const seen: string[] = []
  const listener = definePlugin({
    name: 'listener',
    setup(ctx) {
      ctx.message((c) => {
        seen.push(`${c.userId}: ${c.plainText}`)
      })
    },
  })
  t = await createTestApp({ plugins: [listener] })
  const quote = gate()
  t.sim.override(
    'get_msg',
    async () => {
      await quote.wait
      return {
        message_id: 5,
        real_id: 5,
        sender: { user_id: 7 },
        time: 0,
        message_type: 'private',
        message: [],
      }
    },
    { times: 1 },
  )
  await t.sim.send(v11Events.privateMessage({ text: 'about that', userId: 10, replyTo: { messageId: 5 } }))
  await expect.poll(() => t!.sim.actions.some((a) => a.action === 'get_msg')).toBe(true)
  await t.sim.send(v11Events.privateMessage({ text: 'and another thing', userId: 10 }))
  await t.sim.send(v11Events.privateMessage({ text: 'hello', userId: 11 }))
  await expect.poll(() => seen).toEqual(['11: hello'])
  quote.open()
  await expect.poll(() => seen).toEqual(['11: hello', '10: about that', '10: and another thing'])
})
