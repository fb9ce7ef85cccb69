/**
 * HTTP POST quick operations (opt-in): the POST answer is held for a short while, and the first
 * `bot.send` made for that event travels back in the response body instead of as an API call.
 * This lets an HTTP-POST-only deployment (no API root) reply at all. Flags are always explicit
 * because implementations disagree on the defaults (go-cqhttp and NapCat ignore `at_sender`'s
 * spec default of true).
 */
export class QuickReplySlot {
  readonly operation: Promise<Record<string, unknown> | undefined>
  #resolve!: (operation: Record<string, unknown> | undefined) => void
  #open = true
  readonly #timer: NodeJS.Timeout

  constructor(waitMs: number) {
    this.operation = new Promise((resolve) => {
      this.#resolve = resolve
    })
    this.#timer = setTimeout(() => this.#settle(undefined), waitMs)
  }

  get open(): boolean {
    return this.#open
  }

  /** Takes a reply if the slot is still open. Returns false when it must go through the API. */
  offerReply(message: readonly unknown[], isGroup: boolean): boolean {
    if (!this.#open) return false
    const operation: Record<string, unknown> = { reply: message, auto_escape: false }
    if (isGroup) Object.assign(operation, { at_sender: false, delete: false, kick: false, ban: false })
    this.#settle(operation)
    return true
  }

  #settle(operation: Record<string, unknown> | undefined): void {
    if (!this.#open) return
    this.#open = false
    clearTimeout(this.#timer)
    this.#resolve(operation)
  }
}
