import type { EventWriter } from '../wire/mode.js'

/** One bot's connection as the load generator sees it: a way to push an event to the target. */
export interface BotLink {
  readonly selfId: string
  readonly writeEvent: EventWriter
  send(frame: string): void
  close(): void
}
