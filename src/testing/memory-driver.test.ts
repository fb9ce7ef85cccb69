import { describe, expect, it } from 'vitest'
import { WsHandshakeError } from '../errors.js'
import { MemoryDriver, socketPair } from './memory-driver.js'

describe('memory driver', () => {
  it('delivers frames in order between a socket pair and closes both sides', async () => {
    const [a, b] = socketPair()
    const got: string[] = []
    b.onMessage((d) => got.push(String(d)))
    const closed = new Promise<[number, string]>((resolve) =>
      b.onClose((code, reason) => resolve([code, reason])),
    )
    a.send('1')
    a.send('2')
    await Promise.resolve()
    await Promise.resolve()
    expect(got).toEqual(['1', '2'])
    a.close(4000, 'bye')
    expect(await closed).toEqual([4000, 'bye'])
    expect(a.isOpen).toBe(false)
    expect(b.isOpen).toBe(false)
  })

  it('runs WebSocket upgrade decisions like a real server', async () => {
    const driver = new MemoryDriver()
    driver.server.ws('/ws', (req) =>
      req.headers.authorization === 'Bearer t'
        ? {
            accept: true,
            protocol: req.protocols[0],
            onOpen: (s) => s.onMessage((d) => s.send(`re:${String(d)}`)),
          }
        : { accept: false, status: 403, reason: 'bad token' },
    )
    await expect(driver.server.connect('/ws')).rejects.toBeInstanceOf(WsHandshakeError)
    const client = await driver.server.connect('/ws', {
      headers: { Authorization: 'Bearer t' },
      protocols: ['12.x'],
    })
    expect(client.protocol).toBe('12.x')
    const reply = new Promise((resolve) => client.onMessage(resolve))
    client.send('hi')
    expect(await reply).toBe('re:hi')
  })

  it('routes HTTP requests and outgoing calls in-process', async () => {
    const driver = new MemoryDriver()
    driver.server.route('POST', '/hook', (req) => ({
      status: 200,
      body: `${req.headers['x-self-id']}:${req.body}`,
    }))
    const res = await driver.server.inject({ path: '/hook', headers: { 'X-Self-ID': '1' }, body: 'x' })
    expect(res).toEqual({ status: 200, body: '1:x' })
    driver.handleHttp('http://api/', (req) => ({ status: 200, headers: {}, body: Buffer.from(req.url) }))
    const out = await driver.http.request({ url: 'http://api/send_msg' })
    expect(out.body.toString()).toBe('http://api/send_msg')
    await expect(driver.http.request({ url: 'http://other/' })).rejects.toMatchObject({ code: 'E_NETWORK' })
  })
})
