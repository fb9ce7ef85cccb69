import { describe, expect, it } from 'vitest'
import { App } from '../app.js'
import { ConfigError } from '../errors.js'
import { describeDriverPart, driverParts, parseDriverSpec } from './driver-spec.js'

const sorted = (parts: ReadonlySet<string>) => [...parts].sort()

describe('DRIVER parsing', () => {
  it('switches every part on when unset', () => {
    const spec = parseDriverSpec(undefined)
    expect(spec.main).toBe('server')
    expect(sorted(spec.parts)).toEqual(['httpClient', 'server', 'wsClient'])
  })

  it.each([
    ['~fastapi+~httpx+~websockets', 'server', ['httpClient', 'server', 'wsClient']],
    ['~fastapi', 'server', ['server']],
    ['~quart', 'server', ['server']],
    ['~fastapi+~aiohttp', 'server', ['httpClient', 'server', 'wsClient']],
    ['~aiohttp', 'none', ['httpClient', 'wsClient']],
    ['~none', 'none', []],
    ['~none+~httpx', 'none', ['httpClient']],
    ['~websockets', 'none', ['wsClient']],
    ['~httpx', 'none', ['httpClient']],
    ['~fastapi:Driver+~httpx:Mixin', 'server', ['httpClient', 'server']],
    ['nonebot.drivers.fastapi+nonebot.drivers.websockets', 'server', ['server', 'wsClient']],
    [' ~FastAPI + ~WebSockets ', 'server', ['server', 'wsClient']],
    ['~fastapi+~httpx+~httpx', 'server', ['httpClient', 'server']],
  ])('reads %s', (text, main, parts) => {
    const spec = parseDriverSpec(text)
    expect(spec.main).toBe(main)
    expect(sorted(spec.parts)).toEqual(parts)
    expect(sorted(driverParts(text))).toEqual(parts)
  })

  it.each([
    ['~flask', /unknown driver "~flask"/],
    ['~fastapi+~grpc', /unknown driver "~grpc"/],
    ['my_driver:Driver', /unknown driver "my_driver:Driver"/],
    ['~httpx+~fastapi', /"~fastapi" can only be the first part/],
    ['~fastapi+~none', /"~none" can only be the first part/],
    ['~fastapi:Mixin', /the first part names a Driver, not Mixin/],
    ['~fastapi+~httpx:Driver', /a client after \+ names a Mixin, not Driver/],
    ['', /found an empty part/],
    ['~fastapi+', /found an empty part/],
    ['~fastapi:', /found an empty part/],
  ])('rejects %j with a ConfigError naming DRIVER', (text, detail) => {
    let error: unknown
    try {
      parseDriverSpec(text)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).key).toBe('DRIVER')
    expect((error as ConfigError).message).toContain(
      `DRIVER=${JSON.stringify(text)}: expected a NoneBot DRIVER line`,
    )
    expect((error as ConfigError).message).toMatch(detail)
  })

  it('names each part in DRIVER terms for warnings', () => {
    expect(describeDriverPart('wsClient')).toContain('~websockets')
    expect(describeDriverPart('httpClient')).toContain('~httpx')
    expect(describeDriverPart('server')).toContain('~fastapi')
  })

  it('is what App builds its driver from when driverParts is not given', () => {
    const app = new App({ config: { driver: '~none+~websockets' } })
    expect(app.driver.server).toBeUndefined()
    expect(app.driver.http).toBeUndefined()
    expect(app.driver.ws).toBeDefined()
    expect(() => new App({ config: { driver: '~flask' } })).toThrow(ConfigError)
  })
})
