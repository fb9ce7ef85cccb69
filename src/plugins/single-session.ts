import type { IncomingEvent } from '../adapter/event.js'
import { SessionStore } from '../matcher/session.js'
import { definePlugin } from '../plugin/define-plugin.js'

/**
 * NoneBot's built-in `single_session`: one event at a time per session. While matchers handle an
 * event of a session (same adapter, bot and session id), matchers for that session's later events
 * are skipped (ignored, not queued), as NoneBot's plugin does. Answers to a waiting conversation
 * (`c.prompt`, `got`, `reject`) still reach it: they never go through the matchers.
 *
 * @example
 * createApp({ plugins: [singleSession, myPlugin] })
 */
export const singleSession = definePlugin({
  name: 'single_session',
  description: 'Handles one event at a time per session; later events of a busy session are ignored',
  type: 'library',
  setup(ctx) {
    const running = new Map<string, IncomingEvent>()
    ctx.beforeRun((c) => {
      const key = SessionStore.keyOf(c.incoming)
      if (key === undefined) return
      const busy = running.get(key)
      if (busy !== undefined && busy !== c.incoming)
        c.skipMatcher('another event of this session is being handled')
      running.set(key, c.incoming)
    })
    // Cleared once the event's dispatch is over: its matchers finished, or wait for a next message.
    ctx.afterEvent((c) => {
      const key = SessionStore.keyOf(c.incoming)
      if (key !== undefined && running.get(key) === c.incoming) running.delete(key)
    })
  },
})
