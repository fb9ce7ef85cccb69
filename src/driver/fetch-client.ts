import { NetworkError } from '../errors.js'
import type { Headers, HttpClient, HttpClientRequest, HttpClientResponse } from './types.js'

/** HTTP client on Node's global fetch (undici): pooled keep-alive connections, per-request timeout. */
export class FetchHttpClient implements HttpClient {
  constructor(private readonly defaultTimeoutMs = 30_000) {}

  async request(req: HttpClientRequest): Promise<HttpClientResponse> {
    const timeoutMs = req.timeoutMs ?? this.defaultTimeoutMs
    const signal = timeoutMs > 0 && Number.isFinite(timeoutMs) ? AbortSignal.timeout(timeoutMs) : undefined
    let res: Response
    try {
      res = await fetch(req.url, {
        method: req.method ?? 'POST',
        headers: req.headers,
        body: req.body,
        signal,
      })
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError'
      throw new NetworkError(
        timedOut
          ? `HTTP ${req.method ?? 'POST'} ${req.url} timed out after ${timeoutMs} ms`
          : `HTTP ${req.method ?? 'POST'} ${req.url} failed: ${describeCause(error)}`,
        { cause: error, code: timedOut ? 'E_API_TIMEOUT' : 'E_NETWORK' },
      )
    }
    const headers: Record<string, string> = {}
    res.headers.forEach((value, key) => {
      headers[key] = value
    })
    const body = Buffer.from(await res.arrayBuffer())
    return { status: res.status, headers: headers as Headers, body }
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
