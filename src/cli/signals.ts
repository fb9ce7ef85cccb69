export interface ShutdownSignalOptions {
  /** Reports what happens (the logger may not exist yet when a signal arrives during start-up). */
  readonly notify: (level: 'info' | 'warn', message: string) => void
  /** Starts the clean stop; called once, on the first signal. */
  readonly stop: (signal: NodeJS.Signals) => void
  /** Called on a later signal: exit now. */
  readonly force: (signal: NodeJS.Signals) => void
  /**
   * Signals this soon after the first count as the same Ctrl-C: `npm start` and `tsx` forward the
   * terminal's SIGINT to a child that already got it from the terminal. @default 1000
   */
  readonly duplicateWindowMs?: number
  /** @default process */
  readonly target?: NodeJS.EventEmitter
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM']

/**
 * First SIGINT/SIGTERM: clean stop. A second one (after the duplicate window): forced exit.
 * Returns a function that removes the listeners.
 */
export function handleShutdownSignals(options: ShutdownSignalOptions): () => void {
  const target = options.target ?? process
  const window = options.duplicateWindowMs ?? 1000
  let firstAt: number | undefined
  const onSignal = (signal: NodeJS.Signals) => {
    const now = Date.now()
    if (firstAt === undefined) {
      firstAt = now
      options.notify('info', `received ${signal}, stopping (send it again to force exit)`)
      options.stop(signal)
      return
    }
    if (now - firstAt < window) return
    options.notify('warn', `received ${signal} again, exiting without waiting`)
    options.force(signal)
  }
  for (const signal of SIGNALS) target.on(signal, onSignal)
  return () => {
    for (const signal of SIGNALS) target.off(signal, onSignal)
  }
}
