import { describe, expect, it } from 'vitest'
import { ActionFailed, resultOf as v11ResultOf } from '../v11/errors.js'
import { V12ActionFailed, V12BadParam, resultOf as v12ResultOf } from '../v12/errors.js'
import { OneBotActionFailed } from './action-failed.js'

function thrown(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error('expected a throw')
}

describe('OneBotActionFailed', () => {
  it('is the base of V11 and V12 action failures, with action, params, retcode and reason', () => {
    const v11 = thrown(() =>
      v11ResultOf('set_group_ban', { group_id: 1 }, { status: 'failed', retcode: 100, msg: 'NO_GROUP' }),
    )
    const v12 = thrown(() =>
      v12ResultOf({ status: 'failed', retcode: 10003, data: null, message: 'bad user_id' }, 'send_message', {
        user_id: 'x',
      }),
    )
    expect(v11).toBeInstanceOf(ActionFailed)
    expect(v12).toBeInstanceOf(V12BadParam)
    expect(v12).toBeInstanceOf(V12ActionFailed)
    for (const error of [v11, v12]) expect(error).toBeInstanceOf(OneBotActionFailed)
    expect(v11).toMatchObject({
      code: 'E_ACTION_FAILED',
      action: 'set_group_ban',
      params: { group_id: 1 },
      retcode: 100,
      reason: 'NO_GROUP',
      message: 'action set_group_ban failed (retcode 100): NO_GROUP',
    })
    expect(v12).toMatchObject({
      code: 'E_ACTION_FAILED',
      action: 'send_message',
      params: { user_id: 'x' },
      retcode: 10003,
      reason: 'bad user_id',
      message: 'action send_message failed (retcode 10003): bad user_id',
    })
  })

  it('says "?" for a missing V11 retcode and leaves out an empty reason', () => {
    expect(new OneBotActionFailed({ action: 'a', params: {}, retcode: undefined, reason: '' }).message).toBe(
      'action a failed (retcode ?)',
    )
  })
})
