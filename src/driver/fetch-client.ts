import { NetworkError } from '../errors.js'
import type { Headers, HttpClient, HttpClientRequest, HttpClientResponse } from './types.js'

/** HTTP client on Node's global fetch (undici): pooled keep-alive connections, per-request timeout. */
export class FetchHttpClient implements HttpClient {
  constructor(private readonly defaultTimeoutMs = 30_000) {}

  async request(req: HttpClientRequest): Promise<HttpClientResponse> {
    const method = req.method ?? 'POST'
    const timeoutMs = req.timeoutMs ?? this.defaultTimeoutMs
    const signal = timeoutMs > 0 && Number.isFinite(timeoutMs) ? AbortSignal.timeout(timeoutMs) : undefined
    try {
      const res = await fetch(req.url, { method, headers: req.headers, body: req.body, signal })
      const headers: Record<string, string> = {}
      res.headers.forEach((value, key) => {
        headers[key] = value
      })
      // Inside the try: the timeout also covers the body, and a connection cut mid-body is a NetworkError.
      const body = Buffer.from(await res.arrayBuffer())
      return { status: res.status, headers: headers as Headers, body }
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError'
      throw new NetworkError(
        timedOut
          ? `HTTP ${method} ${req.url} timed out after ${timeoutMs} ms`
          : `HTTP ${method} ${req.url} failed: ${describeCause(error)}`,
        { cause: error, code: timedOut ? 'E_API_TIMEOUT' : 'E_NETWORK' },
      )
    }
  }
}

function describeCause(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause
    if (cause instanceof Error) return cause.message
    return error.message
  }
  return String(error)
}
