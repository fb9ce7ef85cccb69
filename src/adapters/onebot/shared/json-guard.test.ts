import { encode } from '@msgpack/msgpack'
import { describe, expect, it } from 'vitest'
import { decodePayload } from '../v12/codec.js'
import { parseJsonLossless } from './json.js'
import { guardJsonText, guardValue, HostileValueError } from './json-guard.js'

describe('guardJsonText', () => {
  it('passes ordinary events, long numbers, escapes and brackets inside strings', () => {
    for (const text of [
      '{"post_type":"message","message":[{"type":"text","data":{"text":"[[[{{{"}}],"self_id":1}',
      '{"a":"\\"toString\\":1","b":"say \\\\"}',
      '{"text":"toString","valueOf":"x"}'.replace('"valueOf"', '"valueOf2"'),
      '[1,2,[3,[4]]]',
      '"just a string"',
      '',
      '{"unterminated":"',
    ])
      expect(guardJsonText(text, 8), text).toBeUndefined()
  })

  it('refuses nesting deeper than the bound, counting both brackets', () => {
    expect(guardJsonText('[[[]]]', 3)).toBeUndefined()
    expect(guardJsonText('[[[[]]]]', 3)).toBe('nested deeper than 3 levels')
    expect(guardJsonText('{"a":{"b":[{"c":1}]}}', 3)).toBe('nested deeper than 3 levels')
    expect(guardJsonText(`${'['.repeat(1e5)}${']'.repeat(1e5)}`, 128)).toBe('nested deeper than 128 levels')
  })

  it('refuses keys that change how JavaScript treats an object, escaped or not', () => {
    expect(guardJsonText('{"echo":{"toString":1}}', 8)).toBe('an object with a "toString" key')
    expect(guardJsonText('{"valueOf" : 1}', 8)).toBe('an object with a "valueOf" key')
    expect(guardJsonText('{"__proto__":{"x":1}}', 8)).toBe('an object with a "__proto__" key')
    expect(guardJsonText('{"\\u0074oString":1}', 8)).toBe('an object with a "toString" key')
    expect(guardJsonText('{"\\u005f_proto__":1}', 8)).toBe('an object with a "__proto__" key')
    // As a value, the same words are plain text.
    expect(guardJsonText('{"text":"__proto__","t":"toString"}', 8)).toBeUndefined()
  })
})

describe('guardValue (decoded MessagePack)', () => {
  it('applies the same rules without recursion', () => {
    expect(guardValue({ a: [1, { b: new Uint8Array(3) }] }, 8)).toBeUndefined()
    expect(guardValue({ a: { toString: 1 } }, 8)).toBe('an object with a "toString" key')
    let deep: unknown = 1
    for (let i = 0; i < 100_000; i++) deep = [deep]
    expect(guardValue(deep, 64)).toBe('nested deeper than 64 levels')
  })
})

describe('decoders refuse hostile values with HostileValueError', () => {
  it('JSON (V11 and V12) and MessagePack (V12)', () => {
    expect(() => parseJsonLossless('{"echo":{"toString":1}}')).toThrow(HostileValueError)
    expect(() => parseJsonLossless('{"id":12345678901234567890,"x":{"valueOf":1}}')).toThrow(
      HostileValueError,
    )
    expect(() => decodePayload(encode({ echo: { toString: 1 } }))).toThrow(HostileValueError)
    expect(() => decodePayload('[[[1]]]', 2)).toThrow(/nested deeper than 2 levels/)
    expect(decodePayload('{"id":12345678901234567890}')).toEqual({ id: '12345678901234567890' })
  })
})
