import { encode } from '@msgpack/msgpack'
import { describe, expect, it } from 'vitest'
import { classifyFrame } from '../shared/frame.js'
import { parseJsonLossless as parseJson } from '../shared/json.js'
import { encodeJson, readFrame } from './codec.js'

describe('V12 codec', () => {
  it('keeps integers beyond 2^53 exact (as strings) and other numbers as numbers', () => {
    const value = parseJson(
      '{"id":144115218678093982,"time":1632847927.599013,"lat":0.1234567890123456789,"n":3,"s":"12345678901234567890"}',
    )
    expect(parseJson('[12345678901234567890]')).toEqual(['12345678901234567890'])
    expect(value).toEqual({
      id: '144115218678093982',
      time: 1632847927.599013,
      lat: 0.12345678901234568,
      n: 3,
      s: '12345678901234567890',
    })
  })

  it('classifies events, responses and garbage without throwing', () => {
    expect(readFrame('{"type":"meta","detail_type":"heartbeat"}').kind).toBe('event')
    expect(readFrame(encode({ status: 'ok', retcode: 0, data: null, message: '', echo: '1' })).kind).toBe(
      'response',
    )
    expect(readFrame('nope')).toMatchObject({ kind: 'invalid' })
    expect(readFrame(new Uint8Array([0xc1]))).toMatchObject({ kind: 'invalid' })
    expect(classifyFrame([1], 'type')).toMatchObject({
      kind: 'invalid',
      reason: expect.stringContaining('array'),
    })
    expect(classifyFrame({ hello: 1 }, 'type')).toMatchObject({ kind: 'invalid' })
  })

  it('writes bytes as base64 in JSON, including Buffers', () => {
    expect(encodeJson({ a: new Uint8Array([1, 2, 3]), b: Buffer.from([255]) })).toBe(
      '{"a":"AQID","b":"/w=="}',
    )
  })
})
