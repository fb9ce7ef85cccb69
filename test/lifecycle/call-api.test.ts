// Issue #10.11: an API call whose params cannot be encoded rejects at once and leaves no pending
// call; `timeoutMs: 0` is not "wait for ever".
import { afterEach, expect, it } from 'vitest'
import { createApp, type NonebotError } from '../../src/index.js'
import { createTestApp, type TestApp } from '../../src/testing/index.js'

let t: TestApp | undefined
afterEach(async () => {
  await t?.stop()
  t = undefined
})

it('params that cannot be encoded reject at once, and nothing is left to reject later', async () => {
  const unhandled: unknown[] = []
  const onUnhandled = (reason: unknown) => unhandled.push(reason)
  process.on('unhandledRejection', onUnhandled)
  try {
    t = await createTestApp()
    const circular: Record<string, unknown> = {}
    circular.self = circular
    await expect(t.bot().callApi('send_private_msg', { user_id: 1n, message: 'x' })).rejects.toThrow(
      /send_private_msg: its params cannot be encoded/,
    )
    await expect(t.bot().callApi('send_private_msg', circular)).rejects.toThrow(/cannot be encoded/)
    expect(t.sim.actions.filter((a) => a.action === 'send_private_msg')).toEqual([])
    // Closing the connection fails whatever is still pending: there must be nothing.
    await t.stop()
    t = undefined
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve))
    expect(unhandled).toEqual([])
  } finally {
    process.off('unhandledRejection', onUnhandled)
  }
})

it('timeoutMs: 0 fails at once with E_API_TIMEOUT instead of waiting for ever', async () => {
  t = await createTestApp()
  t.sim.override('get_status', { noAnswer: true })
  const error = (await t
    .bot()
    .callApi('get_status', {}, { timeoutMs: 0 })
    .catch((e: unknown) => e)) as NonebotError
  expect(error.code).toBe('E_API_TIMEOUT')
  expect(error.message).toMatch(/timeoutMs 0 leaves no time for an answer/)
})

it('API_TIMEOUT=0 is a configuration error naming the key', () => {
  expect(() => createApp({ config: { api_timeout: 0 } })).toThrow(/API_TIMEOUT=0/)
})
