import type { App } from '../app.js'
import type { ChatTarget, GroupRole } from '../cli/simulate/chat-events.js'
import type { Simulator } from '../testing/simulator/index.js'

/** What the browser sends: a message or an event command (`/poke`, `/join` ...), as whom and where. */
export interface SandboxInput {
  readonly text: string
  readonly userId: string
  readonly groupId?: string | undefined
  readonly role?: GroupRole
}

export interface SandboxEntry {
  readonly seq: number
  readonly from: 'user' | 'bot' | 'event'
  readonly text: string
  readonly userId?: string | undefined
  readonly groupId?: string | undefined
}

/** The sandbox bot's account: out of QQ's range, so it never clashes with a real bot. */
export const SANDBOX_BOT_ID = 1_000_000_001

/**
 * The browser twin of `nbts simulate`: a simulated NapCat dials the bot's own reverse WebSocket as
 * bot SANDBOX_BOT_ID, the browser speaks through it, and what the bot sends back is kept for the
 * page to read. Started on first use; the simulator code is loaded only then.
 */
export class Sandbox {
  #sim: Promise<Simulator> | undefined
  readonly #log: SandboxEntry[] = []
  #seq = 0

  constructor(private readonly app: App) {}

  async send(input: SandboxInput): Promise<{ error?: string }> {
    const sim = await this.#simulator()
    const target: ChatTarget = {
      userId: input.userId,
      groupId: input.groupId || undefined,
      role: input.role ?? 'member',
    }
    const [word = '', ...args] = input.text.trim().split(/\s+/)
    const { EVENT_COMMANDS, commandEvent, messageEvent } = await import('../cli/simulate/chat-events.js')
    if (EVENT_COMMANDS.has(word)) {
      const made = commandEvent(sim, target, word, args)
      if (typeof made === 'string') return { error: made }
      this.#push({ from: 'event', text: made.says ?? word, userId: target.userId, groupId: target.groupId })
      await sim.send(made.event)
      return {}
    }
    // `@bot` (or `@<id>`) in a line is a mention, as in `nbts simulate`.
    this.#push({ from: 'user', text: input.text, userId: target.userId, groupId: target.groupId })
    await sim.send(messageEvent(sim, target, input.text).event)
    return {}
  }

  /** Entries after `after`, oldest first. */
  read(after = 0): SandboxEntry[] {
    return this.#log.filter((entry) => entry.seq > after)
  }

  async close(): Promise<void> {
    const sim = this.#sim
    this.#sim = undefined
    if (sim) await (await sim).close()
  }

  #push(entry: Omit<SandboxEntry, 'seq'>): void {
    this.#log.push({ seq: ++this.#seq, ...entry })
    if (this.#log.length > 500) this.#log.shift()
  }

  #simulator(): Promise<Simulator> {
    this.#sim ??= this.#start()
    return this.#sim
  }

  async #start(): Promise<Simulator> {
    const address = this.app.driver.server?.address()
    if (!address) throw new Error('the sandbox needs the bot to listen (DRIVER with a server part)')
    const { createSimulator, renderMessage } = await import('../testing/simulator/index.js')
    const token = this.app.config.get('onebot_v11_access_token') ?? this.app.config.get('onebot_access_token')
    const host = address.host === '0.0.0.0' || address.host === '::' ? '127.0.0.1' : address.host
    const sim = createSimulator({
      version: 11,
      mode: 'ws-reverse',
      url: `ws://${host.includes(':') ? `[${host}]` : host}:${address.port}/onebot/v11/ws`,
      bots: [{ selfId: SANDBOX_BOT_ID, nickname: 'sandbox' }],
      heartbeatIntervalMs: false,
      ...(typeof token === 'string' && token !== '' ? { accessToken: token } : {}),
    })
    sim.onAction((record) => {
      const sent = sim.sentMessages().find((m) => m.record === record)
      if (!sent) return
      this.#push({
        from: 'bot',
        text: renderMessage(record.params.message),
        ...(sent.detailType === 'group' ? { groupId: sent.targetId } : { userId: sent.targetId }),
      })
    })
    await sim.start()
    await sim.waitConnected({ timeoutMs: 10_000 })
    return sim
  }
}
