import { describe, expect, it } from 'vitest'
import { ConfigStore } from '../../../config/store.js'
import { ConfigError } from '../../../errors.js'
import { readV12Config } from './config.js'

describe('V12 configuration', () => {
  it('reads its own keys, with ONEBOT_ACCESS_TOKEN only as the token fallback', () => {
    const c = readV12Config(
      new ConfigStore({
        ONEBOT_ACCESS_TOKEN: 'shared',
        ONEBOT_WS_URLS: ['ws://v11/'],
        ONEBOT_API_ROOTS: { '1': 'http://v11/' },
        ONEBOT_V12_API_ROOTS: { '2': 'http://v12/' },
      }),
    )
    expect(c.accessToken).toBe('shared')
    expect(c.wsUrls).toEqual([])
    expect(c.apiRoots).toEqual({ '2': 'http://v12/' })
    expect(
      readV12Config(new ConfigStore({ ONEBOT_ACCESS_TOKEN: 'a', ONEBOT_V12_ACCESS_TOKEN: 'b' })).accessToken,
    ).toBe('b')
    expect(readV12Config(new ConfigStore({ ONEBOT_ACCESS_TOKEN: 12345 })).accessToken).toBe('12345')
  })

  it('takes ONEBOT_V12_USE_MSGPACK as a bool or per implementation', () => {
    expect(readV12Config(new ConfigStore({ ONEBOT_V12_USE_MSGPACK: true })).useMsgpack('any')).toBe(true)
    const per = readV12Config(new ConfigStore({ ONEBOT_V12_USE_MSGPACK: { 'walle-q': true } }))
    expect(per.useMsgpack('walle-q')).toBe(true)
    expect(per.useMsgpack('other')).toBe(false)
    expect(per.useMsgpack(undefined)).toBe(false)
  })

  it('names the key and what was expected for a bad value', () => {
    const bad = (values: Record<string, unknown>) => {
      try {
        readV12Config(new ConfigStore(values))
      } catch (e) {
        return e
      }
      return undefined
    }
    const urls = bad({ ONEBOT_V12_WS_URLS: ['http://not-ws/'] })
    expect(urls).toBeInstanceOf(ConfigError)
    expect(urls).toMatchObject({ key: 'ONEBOT_V12_WS_URLS' })
    expect((urls as Error).message).toContain('ws:// or wss://')
    expect(bad({ ONEBOT_V12_API_ROOTS: { '1': 'ftp://x' } })).toMatchObject({ key: 'ONEBOT_V12_API_ROOTS' })
    expect(bad({ ONEBOT_V12_USE_MSGPACK: 'yes' })).toMatchObject({ key: 'ONEBOT_V12_USE_MSGPACK' })
  })
})
