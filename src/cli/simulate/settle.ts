import type { App } from '../../app.js'

export interface HandledCounter {
  /** Resolves once `count` events (other than meta events) have reached the app, or after `timeoutMs`. */
  until(count: number, timeoutMs: number): Promise<void>
  dispose(): void
}

/**
 * Counts the events the app receives (meta events aside), so that the chat can wait for the bot to
 * have seen every message and notice typed (events travel over a socket; sending one does not mean it arrived).
 */
export function waitHandled(app: App): HandledCounter {
  let seen = 0
  const waiters = new Set<() => void>()
  const remove = app.use({
    handle(event) {
      // What the chat sends: messages, notices and requests (not the implementation's meta events).
      if (event.kind === 'message' || event.kind === 'notice' || event.kind === 'request') {
        seen++
        for (const wake of waiters) wake()
      }
      return Promise.resolve()
    },
  })
  return {
    async until(count, timeoutMs) {
      const deadline = Date.now() + timeoutMs
      while (seen < count && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiters.delete(wake)
            clearTimeout(timer)
            resolve()
          }
          const timer = setTimeout(wake, Math.max(0, deadline - Date.now()))
          waiters.add(wake)
        })
      }
    },
    dispose: remove,
  }
}
