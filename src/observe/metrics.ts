import { collectDefaultMetrics, Registry } from 'prom-client'
import { refusalCounts } from '../log/rate-limit.js'
import { BUCKETS_MS, type Histogram } from './histogram.js'
import type { AppStats } from './stats.js'

/** One line of a metric, as prom-client's registry formats it (`metricName` for `_bucket` lines). */
interface Value {
  readonly metricName?: string
  readonly labels: Readonly<Record<string, string>>
  readonly value: number
}
type Values = Value[]

/**
 * A metric whose values are read from AppStats at scrape time: the event path only bumps plain
 * counters, and prom-client formats the text.
 */
class ReadMetric {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'gauge' | 'histogram',
    private readonly read: () => Values,
  ) {}

  get(): { name: string; help: string; type: string; values: Values; aggregator: 'sum' } {
    return { name: this.name, help: this.help, type: this.type, values: this.read(), aggregator: 'sum' }
  }

  // prom-client's registry calls these on every metric it holds.
  reset(): void {}
  get labelNames(): string[] {
    return []
  }
}

/** Prometheus histogram lines (seconds) from a histogram kept in milliseconds. */
function histogramValues(name: string, histogram: Histogram, labels: Record<string, string> = {}): Values {
  const values: Values = []
  let cumulative = 0
  for (let i = 0; i < histogram.counts.length; i++) {
    cumulative += histogram.counts[i]!
    const le = i < BUCKETS_MS.length ? String(BUCKETS_MS[i]! / 1000) : '+Inf'
    values.push({ metricName: `${name}_bucket`, labels: { ...labels, le }, value: cumulative })
  }
  values.push({ metricName: `${name}_sum`, labels, value: histogram.sum / 1000 })
  values.push({ metricName: `${name}_count`, labels, value: histogram.count })
  return values
}

function split(key: string): [string, string] {
  const at = key.indexOf('\0')
  return [key.slice(0, at), key.slice(at + 1)]
}

/** The registry `/metrics` serves: the app's own figures plus Node's process metrics. */
export function createMetricsRegistry(stats: AppStats, prefix = 'nonebot_'): Registry {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix })
  const add = (metric: ReadMetric) => registry.registerMetric(metric as never)

  add(
    new ReadMetric(`${prefix}events_received_total`, 'Events received, by adapter and kind.', 'counter', () =>
      [...stats.events].map(([key, value]) => {
        const [adapter, kind] = split(key)
        return { labels: { adapter, kind }, value }
      }),
    ),
  )
  add(
    new ReadMetric(
      `${prefix}handler_duration_seconds`,
      'Time from dispatching an event to its matchers being done with it.',
      'histogram',
      () => histogramValues(`${prefix}handler_duration_seconds`, stats.handlerDuration),
    ),
  )
  add(
    new ReadMetric(`${prefix}handler_failures_total`, 'Events whose handling failed.', 'counter', () => [
      { labels: {}, value: stats.handlerFailures },
    ]),
  )
  add(
    new ReadMetric(
      `${prefix}api_calls_total`,
      'API calls, by adapter, action and outcome (ok, failed, timeout).',
      'counter',
      () =>
        [...stats.api].flatMap(([key, api]) => {
          const [adapter, action] = split(key)
          return (['ok', 'failed', 'timeout'] as const).map((outcome) => ({
            labels: { adapter, action, outcome },
            value: api[outcome],
          }))
        }),
    ),
  )
  add(
    new ReadMetric(
      `${prefix}api_call_duration_seconds`,
      'API call duration, by adapter and action.',
      'histogram',
      () =>
        [...stats.api].flatMap(([key, api]) => {
          const [adapter, action] = split(key)
          return histogramValues(`${prefix}api_call_duration_seconds`, api.duration, { adapter, action })
        }),
    ),
  )
  add(
    new ReadMetric(`${prefix}bots_connected`, 'Bots connected now, by adapter.', 'gauge', () => {
      const byAdapter = new Map<string, number>()
      for (const bot of stats.bots.values()) {
        byAdapter.set(bot.adapter, (byAdapter.get(bot.adapter) ?? 0) + (bot.connected ? 1 : 0))
      }
      return [...byAdapter].map(([adapter, value]) => ({ labels: { adapter }, value }))
    }),
  )
  add(
    new ReadMetric(
      `${prefix}refused_total`,
      'Connections, requests and frames refused or dropped, by reason (bad token, bad signature, size, malformed frame...).',
      'counter',
      () => [...refusalCounts()].map(([reason, value]) => ({ labels: { reason }, value })),
    ),
  )
  return registry
}
