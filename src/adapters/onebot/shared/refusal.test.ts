import pino from 'pino'
import { expect, it } from 'vitest'
import { logRefusal } from './refusal.js'

it('logs one line naming the mode, caller, status and reason, and returns only status and reason', () => {
  const lines: { level: number; msg: string }[] = []
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) })
  const check = { ok: false, status: 403, reason: 'access token does not match' } as const
  const refusal = logRefusal(
    logger,
    'V12 webhook',
    { path: '/onebot/v12/', remoteAddress: '127.0.0.1' },
    check,
  )
  expect(refusal).toEqual({ status: 403, reason: 'access token does not match' })
  expect(lines).toEqual([
    expect.objectContaining({
      level: 40,
      msg: 'V12 webhook from 127.0.0.1 on /onebot/v12/ refused (403): access token does not match',
    }),
  ])
})
