import { describe, expect, it } from 'vitest'
import { ConfigError } from '../errors.js'
import { readCoreConfig } from './core.js'
import { ConfigStore } from './store.js'

function core(values: Record<string, unknown>) {
  return readCoreConfig(new ConfigStore(values))
}

function configError(values: Record<string, unknown>): ConfigError {
  try {
    core(values)
  } catch (error) {
    if (error instanceof ConfigError) return error
    throw error
  }
  throw new Error('expected a ConfigError')
}

describe('core config', () => {
  it('has NoneBot’s defaults', () => {
    const c = core({})
    expect(c).toMatchObject({
      environment: 'prod',
      driver: '~fastapi+~httpx+~websockets',
      host: '127.0.0.1',
      port: 8080,
      logLevel: 'INFO',
      apiTimeoutMs: 30_000,
      superusers: [],
      nicknames: [],
      commandStart: ['/'],
      commandSep: ['.'],
      sessionExpireTimeoutMs: 120_000,
    })
    expect([...c.driverParts].sort()).toEqual(['httpClient', 'server', 'wsClient'])
    expect(c.logFormat).toBeUndefined()
  })

  it('accepts values as .env gives them (JSON-decoded or strings)', () => {
    const c = core({
      PORT: '9000',
      api_timeout: 2.5,
      superusers: [123, 'onebot:456'],
      nickname: 'bot',
      LOG_LEVEL: 25,
      driver: '~none+~websockets',
      log_format: 'json',
    })
    expect(c.port).toBe(9000)
    expect(c.apiTimeoutMs).toBe(2500)
    expect(c.superusers).toEqual(['123', 'onebot:456'])
    expect(c.nicknames).toEqual(['bot'])
    expect(c.logLevel).toBe(25)
    expect([...c.driverParts]).toEqual(['wsClient'])
    expect(c.logFormat).toBe('json')
  })

  it('reads SESSION_EXPIRE_TIMEOUT in the timedelta forms NoneBot accepts', () => {
    expect(core({ session_expire_timeout: '00:05:00' }).sessionExpireTimeoutMs).toBe(300_000)
    expect(core({ session_expire_timeout: 'PT2M' }).sessionExpireTimeoutMs).toBe(120_000)
    expect(core({ session_expire_timeout: 30 }).sessionExpireTimeoutMs).toBe(30_000)
  })

  it('reads SESSION_EXPIRE_TIMEOUT as a unit string too (a bare number stays seconds)', () => {
    expect(core({ session_expire_timeout: '2m' }).sessionExpireTimeoutMs).toBe(120_000)
    expect(core({ session_expire_timeout: '90s' }).sessionExpireTimeoutMs).toBe(90_000)
    expect(core({ session_expire_timeout: '90' }).sessionExpireTimeoutMs).toBe(90_000)
  })

  it('reads a bare API_TIMEOUT (null) as no timeout', () => {
    expect(core({ api_timeout: null }).apiTimeoutMs).toBe(Number.POSITIVE_INFINITY)
    expect(core({ session_expire_timeout: null }).sessionExpireTimeoutMs).toBe(Number.POSITIVE_INFINITY)
  })

  it.each([
    [
      { port: 'abc' },
      'PORT',
      /^Invalid configuration PORT="abc": expected a TCP port number between 0 and 65535$/,
    ],
    [{ port: '' }, 'PORT', /^Invalid configuration PORT="": expected a TCP port/],
    [{ port: 70000 }, 'PORT', /^Invalid configuration PORT=70000: expected a TCP port/],
    [{ port: 80.5 }, 'PORT', /PORT=80.5: expected/],
    [{ port: true }, 'PORT', /PORT=true: expected/],
    [
      { log_level: 'LOUD' },
      'LOG_LEVEL',
      /^Invalid configuration LOG_LEVEL="LOUD": expected a log level \(TRACE, DEBUG/,
    ],
    [{ api_timeout: 'soon' }, 'API_TIMEOUT', /API_TIMEOUT="soon": expected API_TIMEOUT: a number of seconds/],
    [{ api_timeout: -1 }, 'API_TIMEOUT', /API_TIMEOUT=-1: expected/],
    [{ session_expire_timeout: '2min' }, 'SESSION_EXPIRE_TIMEOUT', /SESSION_EXPIRE_TIMEOUT="2min": expected/],
    [{ superusers: { a: 1 } }, 'SUPERUSERS', /SUPERUSERS=\{"a":1\}: expected a JSON array of user ids/],
    [{ nickname: null }, 'NICKNAME', /NICKNAME=null: expected a JSON array of names/],
    [
      { command_start: [null] },
      'COMMAND_START',
      /COMMAND_START=\[null\]: expected a JSON array of command prefixes/,
    ],
    [{ command_sep: {} }, 'COMMAND_SEP', /COMMAND_SEP=\{\}: expected/],
    [{ host: '' }, 'HOST', /HOST="": expected a host name or IP address/],
    [{ host: 8080 }, 'HOST', /HOST=8080: expected/],
    [{ log_format: 'xml' }, 'LOG_FORMAT', /LOG_FORMAT="xml": expected pretty or json/],
    [
      { driver: '~flask' },
      'DRIVER',
      /^Invalid configuration DRIVER="~flask": expected a NoneBot DRIVER line.*unknown driver "~flask"/,
    ],
    [{ driver: null }, 'DRIVER', /DRIVER=null: expected a NoneBot DRIVER line/],
  ])('rejects %j with a ConfigError naming %s', (values, key, message) => {
    const error = configError(values)
    expect(error.code).toBe('E_CONFIG')
    expect(error.key).toBe(key)
    expect(error.message).toMatch(message)
    expect(error.message).not.toContain('\n')
  })
})
