import { describe, expect, it } from 'vitest'
import { parseJsonLossless } from './json.js'

describe('parseJsonLossless', () => {
  it('keeps integers beyond 2^53 as strings and leaves the rest alone', () => {
    expect(
      parseJsonLossless(
        '{"a":144115218678093982,"b":-9007199254740993,"c":12,"d":1.5,"e":"1234567890123456789"}',
      ),
    ).toEqual({
      a: '144115218678093982',
      b: '-9007199254740993',
      c: 12,
      d: 1.5,
      e: '1234567890123456789',
    })
  })
  it('throws on malformed JSON on both paths', () => {
    expect(() => parseJsonLossless('{')).toThrow()
    expect(() => parseJsonLossless('{"a":12345678901234567')).toThrow()
  })
  it('finds big integers wherever JSON allows a number, and leaves long digit strings alone', () => {
    expect(parseJsonLossless('12345678901234567890')).toBe('12345678901234567890')
    expect(parseJsonLossless(' -12345678901234567890 ')).toBe('-12345678901234567890')
    expect(parseJsonLossless('{"a":\n  [1,\n 12345678901234567890]}')).toEqual({
      a: [1, '12345678901234567890'],
    })
    expect(parseJsonLossless('[ 12345678901234567891 ]')).toEqual(['12345678901234567891'])
    expect(parseJsonLossless('{"url":"http://x/?id=12345678901234567890","n":9007199254740991}')).toEqual({
      url: 'http://x/?id=12345678901234567890',
      n: 9007199254740991,
    })
    expect(parseJsonLossless('{"t":"a:12345678901234567890","x":1.5}')).toEqual({
      t: 'a:12345678901234567890',
      x: 1.5,
    })
  })
})
