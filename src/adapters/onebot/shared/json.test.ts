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
})
