import { createConnection, createServer } from 'node:net'
import WebSocket from 'ws'

/** A port the OS reports free on 127.0.0.1 (bound, read and released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export interface Readiness {
  /** The target's exit status if it died, so polling stops with a clear reason. */
  exitStatus(): string | undefined
}

const POLL_MS = 2

/** Polls a WebSocket handshake until it succeeds; resolves with performance.now() at success. */
export async function waitForHandshake(
  url: string,
  headers: Record<string, string>,
  protocols: string[],
  target: Readiness,
  timeoutMs: number,
): Promise<number> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    const openedAt = await tryHandshake(url, headers, protocols)
    if (openedAt !== undefined) return openedAt
    checkAlive(target, deadline, url)
    await sleep(POLL_MS)
  }
}

/** Polls a TCP connect until it is accepted; resolves with performance.now() at success. */
export async function waitForTcp(port: number, target: Readiness, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    const at = await new Promise<number | undefined>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port })
      socket.once('connect', () => {
        const now = performance.now()
        socket.destroy()
        resolve(now)
      })
      socket.once('error', () => resolve(undefined))
    })
    if (at !== undefined) return at
    checkAlive(target, deadline, `127.0.0.1:${port}`)
    await sleep(POLL_MS)
  }
}

function tryHandshake(url: string, headers: Record<string, string>, protocols: string[]) {
  return new Promise<number | undefined>((resolve) => {
    const socket = new WebSocket(url, protocols, { headers, perMessageDeflate: false })
    socket.once('open', () => {
      const now = performance.now()
      socket.terminate()
      resolve(now)
    })
    socket.once('error', () => resolve(undefined))
  })
}

function checkAlive(target: Readiness, deadline: number, what: string): void {
  const status = target.exitStatus()
  if (status !== undefined) throw new Error(`target exited (${status}) before accepting ${what}`)
  if (performance.now() > deadline) throw new Error(`target never accepted ${what}`)
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
