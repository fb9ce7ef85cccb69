import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { ConfigError } from '../errors.js'
import { loadConfig } from './load.js'

const nonebotFixtures = fileURLToPath(new URL('./fixtures/nonebot/', import.meta.url))

const dirs: string[] = []
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

async function botDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'nbts-config-'))
  dirs.push(dir)
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text)
  return dir
}

describe('loadConfig on NoneBot’s own test fixtures (tests/.env, tests/.env.test)', () => {
  // Ported from nonebot2 tests/test_init.py::test_init and its session set-up.
  const load = () =>
    loadConfig({
      cwd: nonebotFixtures,
      env: { CONFIG_FROM_ENV: '{"test": "test"}', CONFIG_OVERRIDE: 'new' },
      overrides: { config_from_init: 'init' },
    })

  it('selects .env.test through ENVIRONMENT=test in .env', async () => {
    const config = await load()
    expect(config.get('environment')).toBe('test')
    expect(config.get('log_level')).toBe('TRACE')
  })

  it('JSON-decodes values and reads a bare KEY line as null', async () => {
    const config = await load()
    expect(config.get('nickname')).toEqual(['test'])
    expect(config.get('superusers')).toEqual(['test', 'fake:faketest'])
    expect(config.has('api_timeout')).toBe(true)
    expect(config.get('api_timeout')).toBeNull()
    expect(config.get('simple_none')).toBeNull()
    expect(config.get('plugin_config')).toBe(1)
  })

  it('ranks process env over .env.{ENVIRONMENT} over .env, and overrides over all', async () => {
    const config = await load()
    expect(config.get('config_from_env')).toEqual({ test: 'test' })
    expect(config.get('config_override')).toBe('new')
    expect(config.get('config_from_init')).toBe('init')
    expect(config.get('common_config')).toBe('common')
    expect(config.get('common_override')).toBe('new')
  })

  it('refuses a __proto__ key, as a key, a nested part or inside a JSON value, naming the key', async () => {
    for (const [line, key] of [
      ['__proto__={"polluted": true}', '__PROTO__'],
      ['A__CONSTRUCTOR=1', 'A__CONSTRUCTOR'],
      ['PLUGIN_CONF={"x": {"__proto__": {"polluted": true}}}', 'PLUGIN_CONF'],
      ['OTHER={"constructor": {"prototype": 1}}', 'OTHER'],
    ] as const) {
      const cwd = await botDir({ '.env': `${line}\n` })
      const error = await loadConfig({ cwd, env: {} }).catch((e: unknown) => e)
      expect(error, line).toBeInstanceOf(ConfigError)
      expect((error as ConfigError).key).toBe(key)
      expect((error as ConfigError).message.split('\n')).toHaveLength(1)
      expect(({} as { polluted?: unknown }).polluted).toBeUndefined()
    }
  })

  it('merges A__B__C keys into dicts as NoneBot does', async () => {
    const config = await load()
    expect(config.get('nested_dict')).toEqual({ a: 1, b: 2, c: { d: 3 } })
    expect(config.get('nested_missing_dict')).toEqual({ a: 1, b: { c: 2 } })
    expect(config.get('not_nested')).toBe('some string')
    expect(config.has('not_nested__a')).toBe(false)
  })

  it('makes the core keys readable with NoneBot’s values', async () => {
    const config = await load()
    const core = (await import('./core.js')).readCoreConfig(config)
    expect(core.nicknames).toEqual(['test'])
    expect(core.superusers).toEqual(['test', 'fake:faketest'])
    expect(core.apiTimeoutMs).toBe(Number.POSITIVE_INFINITY)
  })
})

describe('loadConfig on NoneBot’s tests/.env.example', () => {
  it('parses multi-line single-quoted JSON, lower-case keys and nested keys', async () => {
    const dir = await botDir({ '.env': 'ENVIRONMENT=example\n' })
    const { readFile } = await import('node:fs/promises')
    await writeFile(join(dir, '.env.example'), await readFile(join(nonebotFixtures, '.env.example')))
    const config = await loadConfig({ cwd: dir, env: {} })
    expect(config.get('simple')).toBe('simple')
    expect(config.get('INT_STR')).toBe(123)
    expect(config.get('complex')).toEqual([1, 2, 3])
    expect(config.get('complex_none')).toBeNull()
    expect(config.get('complex_union')).toEqual([1, 2, 3])
    expect(config.get('nested')).toEqual({ a: 1, b: 2, c: { c: 3 }, complex: [1, 2, 3] })
    expect(config.get('nested_inner')).toEqual({ a: 1, b: 2 })
    expect(config.get('alias_simple')).toBe('aliased_simple')
  })
})

describe('loadConfig sources and parsing', () => {
  it('defaults ENVIRONMENT to prod and reads .env.prod', async () => {
    const dir = await botDir({ '.env': 'A=1\n', '.env.prod': 'A=2\nB=3\n', '.env.dev': 'A=9\n' })
    const config = await loadConfig({ cwd: dir, env: {} })
    expect(config.get('environment')).toBe('prod')
    expect(config.get('a')).toBe(2)
    expect(config.get('b')).toBe(3)
  })

  it('takes ENVIRONMENT from the process env over .env, case-insensitively', async () => {
    const dir = await botDir({
      '.env': 'ENVIRONMENT=prod\nA=1\n',
      '.env.dev': 'A=dev\n',
      '.env.prod': 'A=prod\n',
    })
    const config = await loadConfig({ cwd: dir, env: { environment: 'dev' } })
    expect(config.get('ENVIRONMENT')).toBe('dev')
    expect(config.get('a')).toBe('dev')
  })

  it('ranks defaults lowest and overrides highest', async () => {
    const dir = await botDir({ '.env': 'PORT=1000\nHOST=0.0.0.0\n' })
    const config = await loadConfig({
      cwd: dir,
      env: { PORT: '2000' },
      defaults: { port: 1, nickname: ['d'], host: 'x' },
      overrides: { PORT: 3000 },
    })
    expect(config.get('port')).toBe(3000)
    expect(config.get('host')).toBe('0.0.0.0')
    expect(config.get('nickname')).toEqual(['d'])
  })

  it('works without any .env file', async () => {
    const dir = await botDir({})
    const config = await loadConfig({ cwd: dir, env: { Some_Key: '[1]' } })
    expect(config.get('SOME_KEY')).toEqual([1])
    expect(config.get('environment')).toBe('prod')
  })

  it('handles comments, quotes, export prefixes and keeps non-JSON values as strings', async () => {
    const dir = await botDir({
      '.env': [
        '# a comment',
        'export EXPORTED=yes',
        `QUOTED='["/", ""]'`,
        'DOUBLE="a # not a comment"',
        'ESCAPED="[\\"bot\\", \\"nb\\"]"',
        "SINGLE='not json {'",
        'WITH_COMMENT=8080 # the port',
        'URL_MAP={"123": "http://127.0.0.1:5700"}',
        'EMPTY=',
        'TEXT=hello world',
        'BOOL=true',
        'lower_case=1.5',
        '',
      ].join('\n'),
    })
    const config = await loadConfig({ cwd: dir, env: {} })
    expect(config.get('exported')).toBe('yes')
    expect(config.get('quoted')).toEqual(['/', ''])
    expect(config.get('double')).toBe('a # not a comment')
    expect(config.get('escaped')).toEqual(['bot', 'nb'])
    expect(config.get('single')).toBe('not json {')
    expect(config.get('with_comment')).toBe(8080)
    expect(config.get('url_map')).toEqual({ '123': 'http://127.0.0.1:5700' })
    expect(config.get('empty')).toBe('')
    expect(config.get('text')).toBe('hello world')
    expect(config.get('bool')).toBe(true)
    expect(config.get('LOWER_CASE')).toBe(1.5)
  })

  it('does not take a word inside a multi-line quoted value for a bare key', async () => {
    const dir = await botDir({ '.env': "MULTI='\nfirst\nSECOND\n'\nBARE\nAFTER=1\n" })
    const config = await loadConfig({ cwd: dir, env: {} })
    expect(config.get('multi')).toBe('\nfirst\nSECOND\n')
    expect(config.has('second')).toBe(false)
    expect(config.get('bare')).toBeNull()
    expect(config.get('after')).toBe(1)
  })

  it('lets the last line of a key win, bare or assigned, whatever its case', async () => {
    const dir = await botDir({ '.env': 'A=1\nA\nB\nB=2\nc=1\nC=2\nc=3\nd\nD=4\n' })
    const config = await loadConfig({ cwd: dir, env: {} })
    expect(config.get('a')).toBeNull()
    expect(config.get('b')).toBe(2)
    expect(config.get('c')).toBe(3)
    expect(config.get('d')).toBe(4)
  })

  it('merges nested keys across sources: a process env key into a dict from .env', async () => {
    const dir = await botDir({ '.env': 'ONEBOT_API_ROOTS={"1": "http://a"}\n' })
    const config = await loadConfig({ cwd: dir, env: { ONEBOT_API_ROOTS__2: 'http://b' } })
    expect(config.get('onebot_api_roots')).toEqual({ '1': 'http://a', '2': 'http://b' })
  })

  it('merges dict overrides deeply, as NoneBot’s init kwargs do', async () => {
    const dir = await botDir({ '.env': 'OPTS={"a": 1, "b": {"c": 2}}\n' })
    const config = await loadConfig({ cwd: dir, env: {}, overrides: { opts: { b: { d: 3 } } } })
    expect(config.get('opts')).toEqual({ a: 1, b: { c: 2, d: 3 } })
  })

  it('keeps keys with an empty part flat', async () => {
    const dir = await botDir({})
    const config = await loadConfig({ cwd: dir, env: { __HIDDEN: 'x', A____B: 'y' } })
    expect(config.get('__hidden')).toBe('x')
    expect(config.get('a____b')).toBe('y')
  })

  it('rejects an ENVIRONMENT that is not a plain name', async () => {
    const dir = await botDir({ '.env': 'ENVIRONMENT\n' })
    await expect(loadConfig({ cwd: dir, env: {} })).rejects.toThrow(ConfigError)
    const error = await loadConfig({ cwd: dir, env: { ENVIRONMENT: '../etc' } }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).key).toBe('ENVIRONMENT')
    expect((error as ConfigError).message).toMatch(
      /^Invalid configuration ENVIRONMENT="\.\.\/etc": expected /,
    )
  })
})
