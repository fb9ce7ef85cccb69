import type { Wire } from '../wire/mode.js'

// Answers every action the target calls, as a OneBot implementation would: send actions get a
// fresh message id, login/version/status get plausible data, anything else an ok with null data.

export class Responder {
  private messageId = 1000

  constructor(private readonly wire: Wire) {}

  /** The response frame for a WebSocket action request, or undefined for a frame that is not one. */
  wsAnswer(raw: string, selfId: string): string | undefined {
    let request: { action?: unknown; echo?: unknown }
    try {
      request = JSON.parse(raw) as { action?: unknown; echo?: unknown }
    } catch {
      return undefined
    }
    if (typeof request !== 'object' || request === null || typeof request.action !== 'string')
      return undefined
    const data = this.wire.actionData(request.action, selfId, ++this.messageId)
    return this.wire.wsAnswer(data, request.echo === undefined ? 'null' : JSON.stringify(request.echo))
  }

  httpAnswer(action: string, selfId: string): string {
    return this.wire.httpAnswer(this.wire.actionData(action, selfId, ++this.messageId))
  }
}
