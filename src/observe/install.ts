import type { App } from '../app.js'
import { healthz, readyz } from './health.js'
import { createMetricsRegistry } from './metrics.js'
import { AppStats } from './stats.js'

/**
 * Starts counting (AppStats as the app's observer) and serves `GET /metrics` (Prometheus text),
 * `GET /healthz` and `GET /readyz` on the app's server. Returns the stats for the console.
 */
export function installObservability(app: App, options: { metrics: boolean }): AppStats {
  const stats = new AppStats()
  app.observe(stats)
  app.onBotConnect((bot) => stats.botConnected(bot))
  app.onBotDisconnect((bot) => stats.botDisconnected(bot))
  const server = app.driver.server
  if (!server) return stats
  server.route('GET', '/healthz', () => healthz())
  server.route('GET', '/readyz', () => readyz(app))
  if (options.metrics) {
    const registry = createMetricsRegistry(stats)
    server.route('GET', '/metrics', async () => ({
      status: 200,
      headers: { 'content-type': registry.contentType },
      body: await registry.metrics(),
    }))
  }
  return stats
}
