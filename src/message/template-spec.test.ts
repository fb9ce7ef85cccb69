import { describe, expect, it } from 'vitest'
import { Message } from '../index.js'

const text = (source: string, values: Readonly<Record<string, unknown>> | readonly unknown[]) =>
  Message.template(source)
    .format(values)
    .map((s) => String((s.data as { text?: unknown }).text))
    .join('')

describe('template format specs (Python str.format, as NoneBot)', () => {
  it('formats numbers and text by spec', () => {
    expect(text('{x:.2f}', { x: 3.14159 })).toBe('3.14')
    expect(text('[{x:>5}]', { x: 42 })).toBe('[   42]')
    expect(text('{x:.3%}', { x: 0.12345 })).toBe('12.345%')
    expect(text('{n:,}', { n: 1234567 })).toBe('1,234,567')
    expect(text('{n:,.2f}', { n: 1234567.891 })).toBe('1,234,567.89')
    expect(text('{n:08.2f}', { n: -3.5 })).toBe('-0003.50')
    expect(text('{n:#x} {n:X} {m:b}', { n: 255, m: 5 })).toBe('0xff FF 101')
    expect(text('{x:.3g} {y:g} {z:.2e}', { x: 3.14159, y: 0.00001234, z: 1e20 })).toBe(
      '3.14 1.234e-05 1.00e+20',
    )
    expect(text('[{s:^6}] [{s:*<4}] {t:.2}', { s: 'hi', t: 'hello' })).toBe('[  hi  ] [hi**] he')
    expect(text('{n:+d} {m:=+8}', { n: 42, m: -42 })).toBe('+42 -     42')
    expect(text('{} and {}', ['a', 'b'])).toBe('a and b')
    expect(text('{0!r} {0!s}', ['q'])).toBe("'q' q")
  })

  it('refuses bad specs, specs on segments and mixed numbering', () => {
    expect(() => text('{x:.2f}', { x: 'text' })).toThrow(/cannot take type 'f'/)
    expect(() => text('{x:zz}', { x: 1 })).toThrow(/invalid format spec/)
    expect(() => text('{x:d}', { x: 1.5 })).toThrow(/needs an integer/)
    expect(() => text('{x:>3}', { x: { type: 'image', data: {} } })).toThrow(/segment/)
    expect(() => Message.template('{} {0}')).toThrow(SyntaxError)
  })

  it('never reads private attributes or inherited properties', () => {
    expect(() => text('{a.__proto__}', { a: {} })).toThrow(/private attribute __proto__/)
    expect(() => text('{a._secret}', { a: { _secret: 1 } })).toThrow(/private attribute/)
    expect(() => text('{a.constructor}', { a: {} })).toThrow(/no value/)
    expect(() => text('{__proto__}', {})).toThrow(/no value/)
    expect(() => text('{toString}', {})).toThrow(/no value/)
    expect(() => text('{a.length}', { a: 'abc' })).toThrow(/no value/)
    expect(text('{a.b}', { a: { b: 'own' } })).toBe('own')
  })
})
