import type { Mode } from './wire/mode.js'

/**
 * `load`: keep `window` events in flight per bot (total = bots x window) for the measured window.
 * `idle`: connect one bot, then `bots` more that stay idle, and report RSS growth per bot.
 * Every run also records start-up time: spawn to the first accepted connection.
 */
export interface Scenario {
  id: string
  label: string
  kind: 'load' | 'idle'
  mode: Mode
  bots: number
  window: number
}

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'rws-1',
    label: 'V11 reverse WS, 1 bot x 1 in flight',
    kind: 'load',
    mode: 'v11-rws',
    bots: 1,
    window: 1,
  },
  {
    id: 'rws-16',
    label: 'V11 reverse WS, 1 bot x 16 in flight',
    kind: 'load',
    mode: 'v11-rws',
    bots: 1,
    window: 16,
  },
  {
    id: 'rws-8x16',
    label: 'V11 reverse WS, 8 bots x 16 in flight',
    kind: 'load',
    mode: 'v11-rws',
    bots: 8,
    window: 16,
  },
  {
    id: 'fws-16',
    label: 'V11 forward WS, 1 bot x 16 in flight',
    kind: 'load',
    mode: 'v11-fws',
    bots: 1,
    window: 16,
  },
  {
    id: 'http-16',
    label: 'V11 HTTP POST, 1 bot x 16 in flight',
    kind: 'load',
    mode: 'v11-http',
    bots: 1,
    window: 16,
  },
  {
    id: 'v12-rws-16',
    label: 'V12 reverse WS, 1 bot x 16 in flight',
    kind: 'load',
    mode: 'v12-rws',
    bots: 1,
    window: 16,
  },
  { id: 'idle', label: 'V11 reverse WS, idle bots', kind: 'idle', mode: 'v11-rws', bots: 1000, window: 0 },
]
