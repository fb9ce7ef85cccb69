import { afterEach, describe, expect, it } from 'vitest'
import { WsHandshakeError } from '../errors.js'
import { nodeDriver } from './node-driver.js'
import type { Driver } from './types.js'

let driver: Driver | undefined
afterEach(async () => {
  await driver?.stop()
  driver = undefined
})

async function started(): Promise<{ driver: Driver; base: string }> {
  driver = nodeDriver({ host: '127.0.0.1', port: 0 })
  await driver.start()
  const addr = driver.server!.address()!
  return { driver, base: `127.0.0.1:${addr.port}` }
}

describe('node driver', () => {
  it('serves an HTTP route with the exact request bytes and answers its response', async () => {
    const { driver, base } = await started()
    let seen: Buffer | undefined
    driver.server!.route('POST', '/hook', (req) => {
      seen = req.body
      return { status: 201, body: `got ${req.query.get('x')}` }
    })
    const res = await driver.http!.request({ url: `http://${base}/hook?x=1`, body: '{"a":"\\u0026"}' })
    expect(res.status).toBe(201)
    expect(res.body.toString()).toBe('got 1')
    expect(seen?.toString()).toBe('{"a":"\\u0026"}')
    const missing = await driver.http!.request({ url: `http://${base}/nope` })
    expect(missing.status).toBe(404)
  })

  it('accepts a WebSocket upgrade, confirms the chosen subprotocol and exchanges frames', async () => {
    const { driver, base } = await started()
    driver.server!.ws('/ws', (req) => ({
      accept: true,
      protocol: req.protocols[0],
      onOpen: (socket) => socket.onMessage((data) => socket.send(`echo:${String(data)}`)),
    }))
    const socket = await driver.ws!.connect(`ws://${base}/ws`, { protocols: ['12.test'] })
    expect(socket.protocol).toBe('12.test')
    const reply = new Promise<string | Uint8Array>((resolve) => socket.onMessage(resolve))
    socket.send('hi')
    expect(await reply).toBe('echo:hi')
    socket.close()
  })

  it('refuses an upgrade with the route’s status before upgrading', async () => {
    const { driver, base } = await started()
    driver.server!.ws('/ws', () => ({ accept: false, status: 401, reason: 'missing token' }))
    const error = await driver.ws!.connect(`ws://${base}/ws`).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WsHandshakeError)
    expect((error as WsHandshakeError).status).toBe(401)
  })

  it('stop() closes the sockets both the server and the client opened', async () => {
    const { driver, base } = await started()
    const serverClosed = new Promise<number>((resolve) =>
      driver.server!.ws('/ws', () => ({ accept: true, onOpen: (socket) => socket.onClose(resolve) })),
    )
    const socket = await driver.ws!.connect(`ws://${base}/ws`)
    const clientClosed = new Promise<number>((resolve) => socket.onClose(resolve))
    await driver.stop()
    expect(await clientClosed).toBe(1001)
    expect(await serverClosed).toBe(1001)
    expect(socket.isOpen).toBe(false)
  })

  it('builds only the parts it is given', async () => {
    driver = nodeDriver({ host: '127.0.0.1', port: 0, parts: new Set(['wsClient']) })
    expect(driver.server).toBeUndefined()
    expect(driver.http).toBeUndefined()
    expect(driver.ws).toBeDefined()
    await driver.start()
    await driver.stop()
  })
})
