import type { ChatTarget } from './target.js'

/**
 * What a bot knows of its chats (the groups it is in, its friends, its guilds), learned from its
 * events and from the lists its adapter fetches. `sendTo` and the multi-bot policy read it.
 */
export interface Contacts {
  /** From what is known now, without any call; a stale list still counts (and is refreshed in the background). */
  knows(target: ChatTarget): boolean
  /** Fetches the lists first when they are missing, stale, or do not hold the target. */
  reaches(target: ChatTarget): Promise<boolean>
  /** Loads the lists that are missing or stale; resolves when done (failures are logged, not thrown). */
  warm(): Promise<void>
}
