import { describe, expect, it } from 'vitest'
import {
  failureClassFor,
  resultOf,
  V12ActionFailed,
  V12ActionMissingField,
  V12BadParam,
  V12BadRequest,
  V12ExecutionError,
  V12ExecutionNetworkError,
  V12ExtendedError,
  V12HandlerError,
  V12IAmTired,
  V12InternalHandlerError,
  V12PlatformError,
  V12RequestError,
  V12UnknownSelf,
  V12WhoAmI,
} from './errors.js'

describe('V12 retcodes', () => {
  it.each([
    [10001, V12BadRequest],
    [10003, V12BadParam],
    [10101, V12WhoAmI],
    [10102, V12UnknownSelf],
    [10999, V12RequestError],
    [20002, V12InternalHandlerError],
    [21000, V12HandlerError],
    [33001, V12ExecutionNetworkError],
    [34002, V12PlatformError],
    [36000, V12IAmTired],
    [39000, V12ExecutionError],
    [61525, V12ExtendedError],
    [45000, V12ActionFailed],
    [100000, V12ActionFailed],
  ])('maps %i to %s', (retcode, cls) => {
    expect(failureClassFor(retcode)).toBe(cls)
  })

  it('returns data on ok and throws the typed failure with action, params, retcode and message', () => {
    expect(resultOf({ status: 'ok', retcode: 0, data: { a: 1 }, message: '' }, 'x', {})).toEqual({ a: 1 })
    let error: unknown
    try {
      resultOf({ status: 'failed', retcode: 34001, data: null, message: 'blocked' }, 'send_message', {
        user_id: '1',
      })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(V12PlatformError)
    expect(error).toBeInstanceOf(V12ExecutionError)
    expect(error).toMatchObject({
      action: 'send_message',
      params: { user_id: '1' },
      retcode: 34001,
      reason: 'blocked',
    })
  })

  it('throws V12ActionMissingField for a response lacking a required field', () => {
    expect(() => resultOf({ status: 'ok', retcode: 0, data: null }, 'x', {})).toThrow(V12ActionMissingField)
  })
})
