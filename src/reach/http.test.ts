import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { connect } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { App } from '../app.js'
import { HttpError } from '../errors.js'
import { definePlugin } from '../plugin/define-plugin.js'
import type { PluginScope } from '../plugin/scope.js'
import { MemoryDriver } from '../testing/memory-driver.js'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

interface Seen {
  readonly method: string
  readonly url: string
  readonly body: string
  readonly contentType: string | undefined
}

/** A local API: /json answers JSON, /echo echoes the request, /missing is a 404, /slow never answers. */
async function apiServer(): Promise<{ base: string; seen: Seen[]; waiting: ServerResponse[] }> {
  const seen: Seen[] = []
  const waiting: ServerResponse[] = []
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = ''
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString()
    })
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, body, contentType: req.headers['content-type'] })
      if (req.url!.startsWith('/json')) res.end(JSON.stringify({ price: 42, big: '9007199254740993' }))
      else if (req.url === '/echo') res.end(JSON.stringify({ got: JSON.parse(body) }))
      else if (req.url === '/missing') res.writeHead(404, 'Not Found').end('no such thing')
      else if (req.url === '/slow') waiting.push(res)
      else res.end('plain text')
    })
  })
  const port = await listen(server)
  cleanups.push(() => {
    for (const res of waiting) res.destroy()
    return close(server)
  })
  return { base: `http://127.0.0.1:${port}`, seen, waiting }
}

/** A CONNECT proxy that records the hosts it tunnelled to. */
async function proxyServer(): Promise<{ url: string; tunnels: string[] }> {
  const tunnels: string[] = []
  const server = createServer((_req, res) => res.writeHead(405).end())
  server.on('connect', (req: IncomingMessage, client, head: Buffer) => {
    tunnels.push(req.url!)
    const [host, port] = req.url!.split(':')
    const upstream = connect(Number(port), host!, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    upstream.on('error', () => client.destroy())
    client.on('error', () => upstream.destroy())
  })
  const port = await listen(server)
  cleanups.push(() => close(server))
  return { url: `http://127.0.0.1:${port}`, tunnels }
}

/** An app with one plugin whose scope is handed back. */
async function appWith(config: Record<string, unknown> = {}): Promise<{ app: App; ctx: PluginScope }> {
  let scope: PluginScope | undefined
  const grab = definePlugin({
    name: 'grab',
    setup(ctx) {
      scope = ctx
    },
  })
  const app = new App({ config, driver: new MemoryDriver(), plugins: [grab] })
  await app.start()
  cleanups.push(() => app.stop())
  return { app, ctx: scope! }
}

describe('ctx.http', () => {
  it('get parses JSON, with query parameters; post sends JSON; text and bytes', async () => {
    const api = await apiServer()
    const { ctx } = await appWith()
    const data = await ctx.http.get<{ price: number }>(`${api.base}/json`, {
      query: { coin: 'btc', skip: undefined },
    })
    expect(data.price).toBe(42)
    expect(api.seen[0]).toMatchObject({ method: 'GET', url: '/json?coin=btc' })
    expect(await ctx.http.post(`${api.base}/echo`, { a: [1, 2] })).toEqual({ got: { a: [1, 2] } })
    expect(api.seen[1]).toMatchObject({
      method: 'POST',
      body: '{"a":[1,2]}',
      contentType: 'application/json',
    })
    expect(await ctx.http.text(`${api.base}/hello`)).toBe('plain text')
    expect((await ctx.http.bytes(`${api.base}/hello`)).toString()).toBe('plain text')
    // fetch is raw: a 404 resolves.
    expect((await ctx.http.fetch(`${api.base}/missing`)).status).toBe(404)
  })

  it('an error status rejects with HttpError naming the status and the body', async () => {
    const api = await apiServer()
    const { ctx } = await appWith()
    const failed = ctx.http.get(`${api.base}/missing`)
    await expect(failed).rejects.toBeInstanceOf(HttpError)
    await expect(failed).rejects.toMatchObject({
      code: 'E_HTTP',
      status: 404,
      message: expect.stringMatching(/GET .*\/missing: 404 Not Found: no such thing/),
    })
  })

  it('times out: per request, and by HTTP_TIMEOUT', async () => {
    const api = await apiServer()
    const { ctx } = await appWith({ HTTP_TIMEOUT: 0.05 })
    await expect(ctx.http.get(`${api.base}/slow`, { timeout: '30ms' })).rejects.toThrow(
      /no answer within 30 ms/,
    )
    await expect(ctx.http.get(`${api.base}/slow`)).rejects.toThrow(/no answer within 50 ms/)
  })

  it('aborts running requests when the plugin is unloaded', async () => {
    const api = await apiServer()
    const { app, ctx } = await appWith()
    const pending = ctx.http.get(`${api.base}/slow`)
    await vi.waitFor(() => expect(api.waiting).toHaveLength(1))
    app.plugins.unload('grab')
    await expect(pending).rejects.toThrow(/aborted, plugin grab was unloaded/)
    await expect(ctx.http.get(`${api.base}/json`)).rejects.toThrow(/plugin grab was unloaded/)
  })

  it('goes through HTTP_PROXY, except for hosts in NO_PROXY', async () => {
    const api = await apiServer()
    const proxy = await proxyServer()
    const port = new URL(api.base).port
    const { ctx } = await appWith({ HTTP_PROXY: proxy.url, NO_PROXY: 'localhost' })
    expect(await ctx.http.get(`${api.base}/json`)).toMatchObject({ price: 42 })
    expect(proxy.tunnels).toEqual([`127.0.0.1:${port}`])
    expect(await ctx.http.text(`http://localhost:${port}/direct`)).toBe('plain text')
    expect(proxy.tunnels).toHaveLength(1)
    expect(api.seen.map((s) => s.url)).toEqual(['/json', '/direct'])
  })

  it('a refused connection rejects with HttpError', async () => {
    const server = createServer()
    const port = await listen(server)
    await close(server)
    const { ctx } = await appWith()
    await expect(ctx.http.get(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({
      code: 'E_HTTP',
      status: undefined,
    })
  })
})

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  )
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  })
}
