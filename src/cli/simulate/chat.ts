import { clearLine, createInterface, cursorTo, type Interface } from 'node:readline'
import type { ActionRecord, Simulator } from '../../testing/simulator/index.js'
import { renderMessage, v11Events } from '../../testing/simulator/index.js'
import type { CliTerminal } from '../io.js'

/** Who is typing, and where. */
export interface ChatTarget {
  userId: string
  /** Undefined: a private chat with the bot. */
  groupId: string | undefined
  /** In a group: send as an admin (for matchers with admin permissions). */
  admin: boolean
}

export interface ChatOptions {
  readonly terminal: CliTerminal
  readonly sim: Simulator
  readonly target: ChatTarget
  /** Also print the bot's other API calls (not only what it sends). */
  readonly showActions?: boolean
  /** The group used by `/group` without an id. */
  readonly defaultGroupId: string
}

export const CHAT_HELP = `Type a message and press Enter to send it to the bot as the current user.
  /private          chat with the bot privately
  /group [id]       talk in a group (start a line with @bot to address the bot there)
  /user <id>        become another user
  /admin, /member   your role in groups
  //text            send "/text" (a line starting with a local command name)
  [CQ:image,file=a.png]  V11: CQ codes you type are sent as segments (images, faces ...)
  /?                this help
  /quit             leave (also Ctrl-D or Ctrl-C)
`

const LOCAL = new Set(['/quit', '/exit', '/private', '/group', '/user', '/admin', '/member', '/?'])
const SEND_ACTIONS = new Set(['send_msg', 'send_private_msg', 'send_group_msg', 'send_message'])
/** A group line starting with `@bot` (or `@bot10001`) is addressed to the bot. */
const AT_BOT = /^@bot\S*\s*/

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
    const text = line.startsWith('//') ? line.slice(1) : line
    if (!this.#tty) this.print(`${describeTarget(this.#target)}: ${text}`)
    this.#send(text)
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
      case '/admin':
      case '/member':
        target.admin = word === '/admin'
        this.print(`your group role is now ${target.admin ? 'admin' : 'member'}`)
        break
      default:
        this.print(CHAT_HELP)
    }
  }

  #send(text: string): void {
    const { userId, groupId, admin } = this.#target
    const atBot = groupId !== undefined && AT_BOT.test(text)
    const body = atBot ? text.replace(AT_BOT, '') : text
    this.#sent++
    this.#sending = this.#sending
      .then(async () => {
        const sim = this.#options.sim
        const role = admin ? 'admin' : 'member'
        if (sim.version === 11 && body.includes('[CQ:')) {
          // V11 users may type CQ codes (an image, a face) and have them sent as segments.
          const common = { selfId: Number(sim.bots[0]!.id), userId: Number(userId), message: body }
          await sim.send(
            groupId === undefined
              ? v11Events.privateMessage(common)
              : v11Events.groupMessage({ ...common, groupId: Number(groupId), atBot, role }),
          )
          return
        }
        await sim.sendMessage(undefined, body, {
          userId,
          ...(groupId === undefined ? {} : { groupId, atBot, role }),
        })
      })
      .catch((error: unknown) => this.print(`! could not deliver the message: ${(error as Error).message}`))
  }

  #onAction(record: ActionRecord): void {
    const reply = describeReply(record, this.#target.userId)
    if (reply) this.print(reply)
    else if (this.#options.showActions)
      this.print(`  · bot called ${record.action} ${JSON.stringify(record.params)}`)
  }
}

function describeTarget(target: ChatTarget): string {
  const who = `user ${target.userId}${target.groupId !== undefined && target.admin ? ' (admin)' : ''}`
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
  if (record.action === '.handle_quick_operation') {
    const operation = p.operation as Record<string, unknown> | undefined
    const context = p.context as Record<string, unknown> | undefined
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
