import type { V11Bot } from './bot.js'
import type { V11EventMap } from './event-map.js'

declare module '../../../adapter/adapter.js' {
  interface AdapterRegistry {
    'onebot.v11': { events: V11EventMap; bot: V11Bot }
  }
}
