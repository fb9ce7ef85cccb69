/** An endpoint an adapter is configured to reach (a forward WebSocket, an HTTP API root). */
export interface Endpoint {
  readonly kind: 'forward-ws' | 'http-api'
  readonly url: string
  /** Whether it answered at least once since start (the `/readyz` condition). */
  readonly reached: boolean
}

/** Keeps an adapter's configured endpoints and whether each was reached; for `/readyz`. */
export class EndpointTracker {
  readonly #endpoints = new Map<string, { kind: Endpoint['kind']; url: string; reached: boolean }>()

  expect(kind: Endpoint['kind'], url: string): void {
    if (!this.#endpoints.has(url)) this.#endpoints.set(url, { kind, url, reached: false })
  }

  reached(url: string): void {
    const endpoint = this.#endpoints.get(url)
    if (endpoint) endpoint.reached = true
  }

  list(): readonly Endpoint[] {
    return [...this.#endpoints.values()].map((e) => ({ ...e }))
  }
}
