// Property-based fuzzing of every text parser: no input throws anything but its documented error,
// none reads inherited properties, and none takes more than linear time (figures in budget.ts).
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { parseJsonLossless } from '../../src/adapters/onebot/shared/json.js'
import { HostileValueError } from '../../src/adapters/onebot/shared/json-guard.js'
import { escapeCq, parseCq } from '../../src/adapters/onebot/v11/cq-code.js'
import { V11Message } from '../../src/adapters/onebot/v11/message.js'
import { decodePayload } from '../../src/adapters/onebot/v12/codec.js'
import { parseEnvText } from '../../src/config/env-file.js'
import { ConfigError } from '../../src/errors.js'
import { CommandTrie } from '../../src/matcher/command.js'
import { parseShell, splitArgv } from '../../src/matcher/shell.js'
import { MessageTemplate } from '../../src/message/template.js'
import { check, printFigures, TIMEOUT_MS, textOf, timed } from './budget.js'

afterAll(printFigures)

describe('fuzz: parsers stay total and linear', { timeout: TIMEOUT_MS }, () => {
  it('CQ codes: any string parses; escaped text round-trips', () => {
    const cq = textOf([
      '[CQ:',
      'at',
      ',qq=',
      '1',
      ']',
      '[',
      ']',
      ',',
      '=',
      '&#91;',
      '&amp;',
      '&',
      'x',
      ' ',
      '[CQ:a,b=c',
    ])
    check(cq, (text) => {
      const pieces = timed('CQ codes (parseCq, V11Message.fromWire)', text.length, () => parseCq(text))
      expect(Array.isArray(pieces)).toBe(true)
      V11Message.fromWire(text)
      const back = parseCq(escapeCq(text))
      expect(back.map((p) => (p.data as { text?: string }).text).join('')).toBe(text)
    })
  })

  it('JSON frames: parse or refuse with SyntaxError, never deeper than the bound', () => {
    const json = textOf([
      '{',
      '}',
      '[',
      ']',
      '"',
      ':',
      ',',
      '1',
      '12345678901234567890',
      '"toString"',
      '"__proto__"',
      '\\u0074',
      '\\"',
      'null',
      ' ',
    ])
    check(json, (text) => {
      timed('JSON frames (guard + lossless parse, V11/V12)', text.length, () => {
        try {
          parseJsonLossless(text, 64)
        } catch (error) {
          expect(error).toBeInstanceOf(SyntaxError)
        }
        try {
          decodePayload(text, 64)
        } catch (error) {
          expect(error).toBeInstanceOf(SyntaxError)
        }
      })
    })
    check(fc.jsonValue(), (value) => {
      const text = JSON.stringify(value)
      try {
        const parsed = parseJsonLossless(text)
        // Integers beyond 2^53 become decimal strings (documented); everything else is JSON.parse's.
        if (!/\d{16}/.test(text)) expect(parsed).toEqual(JSON.parse(text))
      } catch (error) {
        expect(error).toBeInstanceOf(HostileValueError)
      }
    })
  })

  it('templates: format or throw a SyntaxError/TypeError/KeyError-like Error; never inherited properties', () => {
    const source = textOf([
      '{',
      '}',
      '{{',
      '}}',
      '{0}',
      '{}',
      '{name}',
      '{toString}',
      '{__proto__}',
      '{constructor.name}',
      '{a.b}',
      '{a[0]}',
      '!r',
      '!s',
      ':>8',
      ':.2f',
      'x',
    ])
    check(source, fc.dictionary(fc.constantFrom('name', 'a', 'b', '0'), fc.jsonValue()), (text, values) => {
      timed('templates (MessageTemplate parse + format)', text.length, () => {
        try {
          const segments = new MessageTemplate(text).format(values)
          const rendered = JSON.stringify(segments)
          expect(rendered).not.toContain('[native code]')
          expect(rendered).not.toContain('function')
        } catch (error) {
          expect(error).toBeInstanceOf(Error)
          expect(String((error as Error).message)).not.toContain('is not a function')
        }
      })
    })
    for (const field of [
      'toString',
      '__proto__',
      'constructor',
      'hasOwnProperty',
      'constructor.name',
      'a.constructor',
    ]) {
      expect(() => new MessageTemplate(`{${field}}`).format({ a: {} }), field).toThrow()
    }
  })

  it('commands: the trie finds the longest command in any text', () => {
    const trie = new CommandTrie(['/', ''], ['.'])
    for (const name of ['echo', 'e', 'admin.reload', 'help']) trie.add(name.split('.'))
    const text = textOf(['/', 'echo', 'e', '.', 'admin', 'reload', ' ', 'x', '\u3000'])
    check(text, (input) => {
      timed('commands (CommandTrie.parse)', input.length, () => trie.parse(V11Message.fromWire(input)))
    })
  })

  it('shell argv: splitArgv throws only for an unclosed quote; parseShell never throws', () => {
    const spec = {
      options: {
        n: { type: 'number' as const, short: 'n' },
        v: { type: 'boolean' as const, short: 'v' },
        s: { type: 'string' as const, multiple: true },
      },
    }
    const line = textOf([
      'a',
      ' ',
      '"',
      "'",
      '\\',
      '-',
      '--',
      '-v',
      '-n',
      '--n=',
      '1',
      '--s',
      '=',
      '--__proto__',
      '--toString',
      '-h',
    ])
    check(line, (input) => {
      timed('shell argv (splitArgv + parseShell)', input.length, () => {
        try {
          splitArgv(input)
        } catch (error) {
          expect((error as Error).message).toMatch(/^unclosed ["'] quote$/)
        }
        const result = parseShell('/x', spec, input)
        if (result.ok) expect(Object.getPrototypeOf(result.values)).toBe(Object.prototype)
      })
    })
  })

  it('.env values: parse to a map, or the one-line ConfigError for a forbidden key', () => {
    const text = textOf([
      'A',
      '=',
      '"',
      "'",
      '\n',
      '#',
      ' ',
      'x',
      '__proto__',
      'B__C',
      '{"k": 1}',
      '\\',
      'export ',
    ])
    check(text, (input) => {
      timed('.env (parseEnvText)', input.length, () => {
        try {
          const values = parseEnvText(input)
          for (const value of values.values()) expect(value === null || typeof value === 'string').toBe(true)
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError)
          expect((error as Error).message.split('\n')).toHaveLength(1)
        }
      })
    })
  })
})
