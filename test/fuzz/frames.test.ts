// Frames and events with hostile values, through the whole app (both adapters, the echo plugin,
// matchers) on the in-memory driver: each is handled or dropped; nothing escapes as an uncaught
// exception or unhandled rejection, the connection stays open and /echo still answers.
import { Writable } from 'node:stream'
import fc from 'fast-check'
import pino from 'pino'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { classifyFrame } from '../../src/adapters/onebot/shared/frame.js'
import { decodeJsonFrame } from '../../src/adapters/onebot/shared/json.js'
import { onebotV11 } from '../../src/adapters/onebot/v11/index.js'
import { readFrame } from '../../src/adapters/onebot/v12/codec.js'
import { onebotV12 } from '../../src/adapters/onebot/v12/index.js'
import { createApp } from '../../src/app.js'
import type { Socket } from '../../src/driver/types.js'
import { echo } from '../../src/plugins/echo.js'
import { MemoryDriver } from '../../src/testing/memory-driver.js'
import { check, MAX_LENGTH, printFigures, TIMEOUT_MS, timed } from './budget.js'

afterAll(printFigures)

/** Values of every wrong kind a field can hold. */
const hostile = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.constantFrom(
    '__BIG__',
    '__DEEP__',
    { toString: 1 },
    { valueOf: 1, toString: 1 },
    { __proto__: { x: 1 } },
    [],
    {},
    -1,
    Number.MAX_SAFE_INTEGER,
    1e308,
    '',
    '\u0000',
  ),
  fc.string({ maxLength: 64 }),
  fc.string({ minLength: 1, maxLength: 3 }).map((s) => s.repeat(Math.floor(MAX_LENGTH / 8))),
)

const segment = fc.oneof(
  fc.record({
    type: fc.constantFrom('text', 'at', 'reply', 'image', 'mention', 'node', 'face'),
    data: fc.dictionary(fc.constantFrom('text', 'qq', 'id', 'user_id', 'file', 'content'), hostile),
  }),
  hostile,
)

const v11Event = fc.record(
  {
    post_type: fc.oneof(
      fc.constantFrom(
        'message',
        'message_sent',
        'notice',
        'request',
        'meta_event',
        '__proto__',
        'constructor',
      ),
      hostile,
    ),
    message_type: fc.oneof(fc.constantFrom('private', 'group', 'guild'), hostile),
    notice_type: fc.oneof(fc.constantFrom('notify', 'group_increase', 'group_recall'), hostile),
    meta_event_type: fc.oneof(fc.constantFrom('heartbeat', 'lifecycle'), hostile),
    sub_type: hostile,
    self_id: fc.oneof(fc.constant(1), hostile),
    user_id: hostile,
    group_id: hostile,
    target_id: hostile,
    message_id: hostile,
    time: hostile,
    interval: hostile,
    flag: hostile,
    message: fc.oneof(fc.array(segment, { maxLength: 6 }), hostile),
    raw_message: hostile,
    sender: hostile,
    echo: hostile,
    status: hostile,
    retcode: hostile,
  },
  { requiredKeys: [] },
)

/** The wire text: JSON with the placeholders turned into a huge integer and deep nesting. */
function wire(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll('"__BIG__"', '123456789012345678901234567890')
    .replaceAll('"__DEEP__"', `${'['.repeat(300)}${']'.repeat(300)}`)
}

async function startApp() {
  const logs: string[] = []
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line) logs.push(JSON.parse(line).msg as string)
      done()
    },
  })
  const driver = new MemoryDriver()
  const app = createApp({
    config: {},
    adapters: [onebotV11(), onebotV12()],
    driver,
    logger: pino({ level: 'warn' }, sink),
    plugins: [echo],
  })
  await app.start()
  return { app, driver, logs }
}

function inbox(socket: Socket): string[] {
  const frames: string[] = []
  socket.onMessage((data) => frames.push(String(data)))
  return frames
}

describe('fuzz: hostile frames through the whole app', { timeout: TIMEOUT_MS }, () => {
  it('V11 and V12 reverse WebSocket: every frame is handled or dropped; /echo still answers', async () => {
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    const { app, driver, logs } = await startApp()
    try {
      const v11 = await driver.server.connect('/onebot/v11/ws', { headers: { 'x-self-id': '1' } })
      const v12 = await driver.server.connect('/onebot/v12/ws', {})
      const sent11 = inbox(v11)
      const frames: string[] = []
      check(v11Event, (event) => {
        const text = wire(event)
        frames.push(text)
        const v12Text = text.replace('"post_type"', '"type"')
        // Timed: the synchronous read of both versions (decode, guard, classify); the app's
        // handling of the frames runs afterwards on the event loop.
        timed('frames (V11 + V12 read: guard, decode, classify)', text.length, () => {
          const decoded = decodeJsonFrame(text)
          if (decoded.ok) classifyFrame(decoded.value, 'post_type')
          readFrame(v12Text)
        })
        v11.send(text)
        v12.send(v12Text)
      })
      await vi.waitFor(() => expect(v11.isOpen && v12.isOpen).toBe(true))
      v11.send(
        JSON.stringify({
          post_type: 'message',
          message_type: 'private',
          sub_type: 'friend',
          self_id: 1,
          user_id: 42,
          message_id: 7,
          time: 1,
          message: [{ type: 'text', data: { text: '/echo survived' } }],
        }),
      )
      await vi.waitFor(() => expect(sent11.some((f) => f.includes('survived'))).toBe(true), { timeout: 5000 })
      expect(unhandled).toEqual([])
      expect(frames.length).toBeGreaterThan(0)
      expect(logs.filter((l) => /unhandled|could not be handled/.test(l))).toEqual([])
    } finally {
      process.off('unhandledRejection', onUnhandled)
      await app.stop()
    }
  })
})
