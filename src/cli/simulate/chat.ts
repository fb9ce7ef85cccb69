import { clearLine, createInterface, cursorTo, type Interface } from 'node:readline'
import { setImmediate } from 'node:timers'
import type { ActionRecord, Simulator } from '../../testing/simulator/index.js'
import { renderMessage } from '../../testing/simulator/index.js'
import type { CliTerminal } from '../io.js'
import {
  type ChatEvent,
  type ChatTarget,
  commandEvent,
  EVENT_COMMANDS,
  EVENT_HELP,
  type GroupRole,
  messageEvent,
} from './chat-events.js'

export type { ChatTarget, GroupRole }

export interface ChatOptions {
  readonly terminal: CliTerminal
  readonly sim: Simulator
  readonly target: ChatTarget
  /** Also print the bot's other API calls (not only what it sends). */
  readonly showActions?: boolean
  /** The group used by `/group` without an id. */
  readonly defaultGroupId: string
  /**
   * Resolves once the app has handled the `count`-th event the chat sent (and its matchers
   * finished or wait for a reply); the chat then says "(no reply)" if the bot stayed silent.
   */
  readonly handled?: (count: number) => Promise<void>
}

export const CHAT_HELP = `Type a message and press Enter to send it to the bot as the current user.
  /private          chat with the bot privately
  /group [id]       talk in a group (start a line with @bot to address the bot there)
  /user <id>        become another user
${EVENT_HELP}  //text            send "/text" (a line starting with a local command name)
  [CQ:image,file=a.png]  V11: CQ codes you type are sent as segments (images, faces ...)
  /?                this help
  /quit             leave (also Ctrl-D or Ctrl-C)
`

const LOCAL = new Set(['/quit', '/exit', '/private', '/group', '/user', '/owner', '/admin', '/member', '/?'])
const SEND_ACTIONS = new Set(['send_msg', 'send_private_msg', 'send_group_msg', 'send_message'])
/** Answers to requests: shown like replies, since they are the bot's visible reaction. */
const REQUEST_ACTIONS: Readonly<Record<string, string>> = {
  set_friend_add_request: 'friend request',
  set_group_add_request: 'group request',
  // Walle-Q's V12 extensions.
  set_new_friend: 'friend request',
  set_join_group: 'group request',
  set_group_invited: 'group invitation',
}

/**
 * A terminal chat with the bot over a simulated implementation: lines typed become messages from a
 * user, and what the bot sends is printed above the prompt without breaking the line being typed.
 */
export class TerminalChat {
  readonly #options: ChatOptions
  readonly #target: ChatTarget
  readonly #rl: Interface
  readonly #tty: boolean
  #sending: Promise<void> = Promise.resolve()
  #sent = 0
  /** Replies (and request answers) printed so far, to tell when the bot stayed silent. */
  #reactions = 0
  #closed = false
  readonly #done: Promise<void>
  #finish: () => void = () => {}
  readonly #unsubscribe: () => void

  constructor(options: ChatOptions) {
    this.#options = options
    this.#target = options.target
    this.#tty = options.terminal.isTTY
    this.#done = new Promise((resolve) => {
      this.#finish = resolve
    })
    this.#rl = createInterface({
      input: options.terminal.input,
      output: options.terminal.output,
      terminal: this.#tty,
    })
    this.#unsubscribe = options.sim.onAction((record) => this.#onAction(record))
    this.#rl.on('line', (line) => this.#onLine(line))
    this.#rl.on('SIGINT', () => this.close())
    this.#rl.on('close', () => this.close())
  }

  /** How many messages were sent to the bot so far. */
  get sent(): number {
    return this.#sent
  }

  /** Shows the prompt; resolves once the person quits (or stdin ends). */
  run(): Promise<void> {
    this.#prompt()
    return this.#done
  }

  /** Prints a line above the prompt (replies, warnings from the log). */
  print(text: string): void {
    const output = this.#options.terminal.output
    const line = text.endsWith('\n') ? text : `${text}\n`
    if (!this.#tty || this.#closed) {
      output.write(line)
      return
    }
    clearLine(output, 0)
    cursorTo(output, 0)
    output.write(line)
    this.#rl.prompt(true)
  }

  /** Messages typed so far have been handed to the simulator. */
  flushed(): Promise<void> {
    return this.#sending
  }

  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.#rl.close()
    this.#finish()
  }

  /** Stop printing the bot's actions (the chat is over). */
  dispose(): void {
    this.#unsubscribe()
  }

  #prompt(): void {
    if (this.#closed || !this.#tty) return
    this.#rl.setPrompt(`${describeTarget(this.#target)}> `)
    this.#rl.prompt()
  }

  #onLine(raw: string): void {
    const line = raw.trim()
    const [word = '', ...args] = line.split(/\s+/)
    if (line === '' || LOCAL.has(word)) {
      if (word !== '') this.#local(word, args)
      this.#prompt()
      return
    }
    if (EVENT_COMMANDS.has(word)) {
      const made = commandEvent(this.#options.sim, this.#target, word, args)
      if (typeof made === 'string') this.print(made)
      else this.#send(made)
      this.#prompt()
      return
    }
    const text = line.startsWith('//') ? line.slice(1) : line
    // Without a terminal the typed line is not on screen: show it, in turn with the replies.
    const echo = this.#tty ? undefined : `${describeTarget(this.#target)}: ${text}`
    this.#send(messageEvent(this.#options.sim, this.#target, text), echo)
    this.#prompt()
  }

  #local(word: string, args: string[]): void {
    const target = this.#target
    switch (word) {
      case '/quit':
      case '/exit':
        this.close()
        break
      case '/private':
        target.groupId = undefined
        this.print('now chatting privately with the bot')
        break
      case '/group':
        target.groupId = args[0] ?? target.groupId ?? this.#options.defaultGroupId
        this.print(`now in group ${target.groupId}; start a line with @bot to address the bot`)
        break
      case '/user':
        if (args[0]) target.userId = args[0]
        this.print(args[0] ? `you are now user ${target.userId}` : 'usage: /user <id>')
        break
      case '/owner':
      case '/admin':
      case '/member':
        target.role = word.slice(1) as GroupRole
        this.print(`your group role is now ${target.role}`)
        break
      default:
        this.print(CHAT_HELP)
    }
  }

  /** Sends in order; once the bot has handled the event, says so if it stayed silent. */
  #send(made: ChatEvent, echo?: string): void {
    const count = ++this.#sent
    this.#sending = this.#sending
      .then(async () => {
        if (echo) this.print(echo)
        if (made.says) this.print(`* ${made.says}`)
        const before = this.#reactions
        await this.#options.sim.send(made.event)
        const handled = this.#options.handled
        if (!handled) return
        await handled(count)
        // Let a send made at the end of the handler cross the socket before deciding.
        for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve))
        if (this.#reactions === before) this.print('(no reply)')
      })
      .catch((error: unknown) => this.print(`! could not deliver the event: ${(error as Error).message}`))
  }

  #onAction(record: ActionRecord): void {
    const reply = describeReply(record, this.#target.userId)
    if (reply) {
      this.#reactions++
      this.print(reply)
    } else if (this.#options.showActions)
      this.print(`  · bot called ${record.action} ${JSON.stringify(record.params)}`)
  }
}

function describeTarget(target: ChatTarget): string {
  const role = target.groupId !== undefined && target.role !== 'member' ? ` (${target.role})` : ''
  const who = `user ${target.userId}${role}`
  return target.groupId === undefined ? `${who} (private)` : `${who} in group ${target.groupId}`
}

/** `bot: hello` for what the bot sends; undefined for other actions. */
function describeReply(record: ActionRecord, userId: string): string | undefined {
  const p = record.params
  const names = { [userId]: 'you' }
  if (SEND_ACTIONS.has(record.action)) {
    const toGroup =
      record.action === 'send_group_msg' ||
      p.message_type === 'group' ||
      p.detail_type === 'group' ||
      (record.action === 'send_msg' && p.group_id != null)
    const where = toGroup ? ` in group ${String(p.group_id)}` : privateTo(p.user_id, userId)
    return `bot${where}: ${renderMessage(p.message, { names })}`
  }
  const request = REQUEST_ACTIONS[record.action]
  if (request) {
    const approved = p.approve !== false && p.accept !== false
    return `bot ${approved ? 'accepts' : 'rejects'} the ${request}${p.reason ? ` (${String(p.reason)})` : ''}`
  }
  if (record.action === '.handle_quick_operation') {
    const operation = p.operation as Record<string, unknown> | undefined
    const context = p.context as Record<string, unknown> | undefined
    if (operation?.approve !== undefined && context) {
      const kind = context.request_type === 'group' ? 'group request' : 'friend request'
      return `bot ${operation.approve === false ? 'rejects' : 'accepts'} the ${kind}`
    }
    if (operation?.reply === undefined || !context) return undefined
    const where =
      context.message_type === 'group'
        ? ` in group ${String(context.group_id)}`
        : privateTo(context.user_id, userId)
    return `bot${where}: ${renderMessage(operation.reply, { names })}`
  }
  return undefined
}

function privateTo(to: unknown, userId: string): string {
  return to === undefined || String(to) === userId ? '' : ` to user ${String(to)}`
}
