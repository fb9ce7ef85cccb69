import type { V12Bot } from './bot.js'
import type { V12EventMap } from './events.js'

// The adapter's entry in the app-wide registry: event keys narrow to V12 payloads
// (`message.group` gives `V12GroupMessageEvent`), bots are `V12Bot`.
declare module '../../../adapter/adapter.js' {
  interface AdapterRegistry {
    'onebot.v12': { events: V12EventMap; bot: V12Bot }
  }
}
