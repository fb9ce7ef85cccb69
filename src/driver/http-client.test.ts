import { createServer, type Server } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { NetworkError } from '../errors.js'
import { NodeHttpClient } from './http-client.js'

let server: Server | undefined
afterEach(async () => {
  server?.closeAllConnections()
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined))
  server = undefined
})

/** A raw node:http server (not our driver) that counts TCP connections. */
async function rawServer(
  handler: Parameters<typeof createServer>[1],
): Promise<{ url: string; connections: () => number }> {
  let connections = 0
  server = createServer(handler)
  server.on('connection', () => connections++)
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('no address')
  return { url: `http://127.0.0.1:${address.port}`, connections: () => connections }
}

async function closedPort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as { port: number }
  await new Promise((resolve) => probe.close(resolve))
  return port
}

describe('NodeHttpClient', () => {
  it('sends POST by default with the exact bytes and resolves any status with headers and body', async () => {
    let seen = ''
    const { url } = await rawServer((req, res) => {
      let body = ''
      req.on('data', (chunk) => (body += chunk))
      req.on('end', () => {
        seen = `${req.method} ${req.headers['content-type']} ${body}`
        res.writeHead(418, { 'x-reply': 'yes' }).end('teapot')
      })
    })
    const client = new NodeHttpClient()
    const res = await client.request({
      url: `${url}/api`,
      headers: { 'content-type': 'application/json' },
      body: new TextEncoder().encode('{"x":1}'),
    })
    expect(seen).toBe('POST application/json {"x":1}')
    expect(res.status).toBe(418)
    expect(res.headers['x-reply']).toBe('yes')
    expect(res.body.toString()).toBe('teapot')
  })

  it('reuses keep-alive connections for sequential requests', async () => {
    const { url, connections } = await rawServer((_req, res) => res.end('ok'))
    const client = new NodeHttpClient()
    for (let i = 0; i < 20; i++) {
      const res = await client.request({ url, method: 'GET' })
      expect(res.body.toString()).toBe('ok')
    }
    // one pooled socket serves them all: never one per request
    expect(connections()).toBeLessThanOrEqual(2)
  })

  it('rejects with NetworkError E_API_TIMEOUT when the server does not answer in time', async () => {
    const { url } = await rawServer(() => {})
    const error = await new NodeHttpClient().request({ url, timeoutMs: 100 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkError)
    expect((error as NetworkError).code).toBe('E_API_TIMEOUT')
    expect((error as NetworkError).message).toContain('timed out after 100 ms')
  })

  it('applies the default timeout, and the timeout covers a body that stalls', async () => {
    const { url } = await rawServer((_req, res) => {
      res.writeHead(200, { 'content-length': '100' })
      res.write('partial')
    })
    const error = await new NodeHttpClient(100).request({ url }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkError)
    expect((error as NetworkError).code).toBe('E_API_TIMEOUT')
  })

  it('rejects with NetworkError E_NETWORK when nothing listens', async () => {
    const port = await closedPort()
    const error = await new NodeHttpClient()
      .request({ url: `http://127.0.0.1:${port}/` })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkError)
    expect((error as NetworkError).code).toBe('E_NETWORK')
    expect((error as NetworkError).message).toMatch(/failed: .*ECONNREFUSED/)
  })

  it('rejects with E_NETWORK when the connection is cut mid-body', async () => {
    const { url } = await rawServer((_req, res) => {
      res.writeHead(200, { 'content-length': '100' })
      res.write('partial', () => res.socket?.destroy())
    })
    const error = await new NodeHttpClient().request({ url }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkError)
    expect((error as NetworkError).code).toBe('E_NETWORK')
  })
})
