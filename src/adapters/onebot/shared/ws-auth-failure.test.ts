import { describe, expect, it } from 'vitest'
import { ConnectionClosed } from '../../../driver/reconnect.js'
import { WsHandshakeError } from '../../../errors.js'
import { authRefusal, isAuthFailureFrame } from './ws-auth-failure.js'

describe('authRefusal', () => {
  it('names HTTP 401/403, a 1403 frame before the close, and close 1008; nothing else', () => {
    expect(authRefusal(new WsHandshakeError(401, 'x'), false)).toBe('HTTP 401')
    expect(authRefusal(new WsHandshakeError(403, 'x'), true)).toBe('HTTP 403')
    expect(authRefusal(new WsHandshakeError(500, 'x'), false)).toBeUndefined()
    expect(authRefusal(new ConnectionClosed(1000, ''), true)).toBe('a retcode 1403 frame, then closed')
    expect(authRefusal(new ConnectionClosed(1008, 'bad token'), false)).toBe('closed with 1008 bad token')
    expect(authRefusal(new ConnectionClosed(1006, ''), false)).toBeUndefined()
    expect(authRefusal(new Error('connection closed (1008 x)'), false)).toBeUndefined()
    expect(isAuthFailureFrame({ status: 'failed', retcode: 1403 })).toBe(true)
    expect(isAuthFailureFrame({ status: 'failed', retcode: '1403' })).toBe(true)
    expect(isAuthFailureFrame({ status: 'failed', retcode: 1400 })).toBe(false)
  })
})
