import { describe, expect, it } from 'vitest'
import { ConfigStore } from '../../../config/store.js'
import { ConfigError } from '../../../errors.js'
import { readV11Options } from './config.js'

const read = (values: Record<string, unknown>) => readV11Options(new ConfigStore(values))

describe('V11 configuration', () => {
  it('reads the NoneBot keys, ONEBOT_V11_* aliases win', () => {
    const options = read({
      ONEBOT_ACCESS_TOKEN: 'shared',
      ONEBOT_V11_ACCESS_TOKEN: 'only11',
      ONEBOT_SECRET: 's',
      ONEBOT_API_ROOTS: { '1': 'http://127.0.0.1:5700' },
      ONEBOT_WS_URLS: ['ws://a:1', 'ws://a:1', 'wss://b:2'],
      ONEBOT_V12_WS_URLS: ['ws://v12:1'],
    })
    expect(options).toMatchObject({
      accessToken: 'only11',
      secret: 's',
      apiRoots: { '1': 'http://127.0.0.1:5700/' },
      wsUrls: ['ws://a:1', 'wss://b:2'],
    })
  })

  it('has NoneBot defaults and our opt-ins off', () => {
    expect(read({})).toMatchObject({
      accessToken: undefined,
      secret: undefined,
      apiRoots: {},
      wsUrls: [],
      quickOperationMs: 0,
    })
    expect(read({ ONEBOT_V11_QUICK_OPERATION: 1.5 }).quickOperationMs).toBe(1500)
    expect(read({ ONEBOT_ACCESS_TOKEN: null }).accessToken).toBeUndefined()
    expect(read({ ONEBOT_ACCESS_TOKEN: 12345 }).accessToken).toBe('12345')
  })

  it.each([
    ['ONEBOT_WS_URLS', 'not-json', 'ws://'],
    ['ONEBOT_WS_URLS', ['http://127.0.0.1:6700'], 'ws://'],
    ['ONEBOT_API_ROOTS', ['http://x'], 'JSON object'],
    ['ONEBOT_API_ROOTS', { '1': 'ftp://x' }, 'JSON object'],
    ['ONEBOT_V11_WS_URLS', [42], 'ws://'],
    ['ONEBOT_V11_HEARTBEAT_FACTOR', 'lots', 'heartbeat'],
  ])('names the key in a ConfigError for %s=%j', (key, value, expected) => {
    let error: unknown
    try {
      read({ [key]: value })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).key).toBe(key)
    expect((error as ConfigError).message).toContain(expected)
  })
})
