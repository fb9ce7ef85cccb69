import { describe, expect, it } from 'vitest'
import { classifyFrame } from './frame.js'

describe('classifyFrame', () => {
  it('tells events, responses and anything else apart', () => {
    expect(classifyFrame({ post_type: 'notice' }, 'post_type').kind).toBe('event')
    expect(classifyFrame({ status: 'ok', echo: '1' }, 'post_type').kind).toBe('response')
    expect(classifyFrame({ retcode: 1403 }, 'post_type').kind).toBe('response')
    expect(classifyFrame([1], 'post_type').kind).toBe('invalid')
    expect(classifyFrame('x', 'post_type').kind).toBe('invalid')
    expect(classifyFrame({ echo: '7' }, 'post_type').kind).toBe('response')
    expect(classifyFrame([1], 'type')).toEqual({
      kind: 'invalid',
      reason: 'not a JSON object but a JSON array',
    })
    expect(classifyFrame(null, 'type')).toEqual({
      kind: 'invalid',
      reason: 'not a JSON object but JSON null',
    })
    expect(classifyFrame(3, 'type')).toEqual({
      kind: 'invalid',
      reason: 'not a JSON object but a JSON number',
    })
    expect(classifyFrame({ type: 'message' }, 'post_type')).toMatchObject({
      kind: 'invalid',
      reason: expect.stringContaining('neither post_type nor status'),
    })
    expect(classifyFrame({ type: 'message' }, 'type').kind).toBe('event')
  })
})
