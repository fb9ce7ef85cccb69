import type { App } from '../app.js'
import type { HttpResponse } from '../driver/types.js'

const json = (status: number, body: unknown): HttpResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
})

/** `GET /healthz`: the process is up and serving. */
export function healthz(): HttpResponse {
  return json(200, { status: 'ok' })
}

/**
 * `GET /readyz`: 200 once the app is running and every endpoint an adapter dials or calls
 * (forward WebSocket, HTTP API root) answered at least once; 503 with what is missing otherwise.
 */
export function readyz(app: App): HttpResponse {
  const endpoints = app.adapters.flatMap((adapter) =>
    (adapter.endpoints?.() ?? []).map((endpoint) => ({ adapter: adapter.name, ...endpoint })),
  )
  const waiting = endpoints.filter((e) => !e.reached)
  const started = app.state === 'running'
  const ready = started && waiting.length === 0
  return json(ready ? 200 : 503, {
    status: ready ? 'ready' : 'not ready',
    started,
    endpoints,
    ...(waiting.length > 0 ? { waitingFor: waiting.map((e) => `${e.kind} ${e.url}`) } : {}),
  })
}
