/**
 * Messages the simulator has seen (sent by the bot or pushed as events), so that `get_msg` and
 * `delete_msg` answer like an implementation would. Ids increment from 1.
 */

export interface StoredMessage {
  readonly id: string
  readonly time: number
  readonly detailType: 'private' | 'group' | string
  readonly userId: string
  readonly groupId: string | undefined
  readonly message: unknown
  readonly botId: string | undefined
}

export class MessageStore {
  #next = 1
  readonly #messages = new Map<string, StoredMessage>()

  nextId(): number {
    return this.#next++
  }

  remember(message: StoredMessage): void {
    this.#messages.set(message.id, message)
  }

  get(id: unknown): StoredMessage | undefined {
    return this.#messages.get(String(id))
  }

  delete(id: unknown): boolean {
    return this.#messages.delete(String(id))
  }
}
