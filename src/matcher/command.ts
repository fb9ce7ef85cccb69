import type { Message } from '../message/message.js'

/** A command found at the start of a message. */
export interface ParsedCommand {
  /** The command path, e.g. `['user', 'add']`. */
  readonly command: readonly string[]
  /** `command.join('\0')`, the lookup key. */
  readonly key: string
  readonly raw: string
  readonly start: string
  /** The whitespace between command and argument; `''` when no argument follows. */
  readonly whitespace: string
  readonly argsText: string
  /** Whether anything (text or another segment) follows the command. */
  readonly hasArgs: boolean
  /** The argument message; built on first use. */
  readonly argsMessage: Message
}

interface TrieNode {
  readonly next: Map<string, TrieNode>
  /** Set when a command ends here: its path and the start it was typed with. */
  entry?: { readonly path: readonly string[]; readonly start: string }
}

const WHITESPACE = /^\s+/

/** Joins a command path into the lookup key used by `ParsedCommand.key`. */
export const commandKey = (path: readonly string[]): string => path.join('\0')

/**
 * Every registered command under every COMMAND_START and COMMAND_SEP, in a character trie built
 * once per change. Lookup is the longest prefix of the first text segment, as NoneBot does.
 */
export class CommandTrie {
  readonly #starts: readonly string[]
  readonly #seps: readonly string[]
  readonly #counts = new Map<string, { path: readonly string[]; count: number }>()
  #root: TrieNode | undefined

  constructor(starts: readonly string[], seps: readonly string[]) {
    this.#starts = starts.length > 0 ? starts : ['']
    this.#seps = seps.length > 0 ? seps : ['.']
  }

  /** Registers a command path; returns its disposer. Paths are reference-counted. */
  add(path: readonly string[]): () => void {
    const key = commandKey(path)
    const known = this.#counts.get(key)
    if (known) known.count++
    else this.#counts.set(key, { path, count: 1 })
    this.#root = undefined
    let done = false
    return () => {
      if (done) return
      done = true
      const entry = this.#counts.get(key)
      if (entry && --entry.count === 0) this.#counts.delete(key)
      this.#root = undefined
    }
  }

  get size(): number {
    return this.#counts.size
  }

  /** Finds the command at the start of `message` (whose first segment must be text). */
  parse(message: Message | undefined): ParsedCommand | undefined {
    if (!message || this.#counts.size === 0) return undefined
    const first = message.at(0)
    if (first?.type !== 'text') return undefined
    // Leading whitespace before the command start is ignored, as NoneBot does.
    const text = String((first.data as { text?: unknown }).text ?? '').trimStart()
    this.#root ??= this.#build()
    const root = this.#root
    let node: TrieNode | undefined = root
    let found: { entry: NonNullable<TrieNode['entry']>; length: number } | undefined
    if (root.entry) found = { entry: root.entry, length: 0 }
    for (let i = 0; i < text.length && node; i++) {
      node = node.next.get(text[i]!)
      if (node?.entry) found = { entry: node.entry, length: i + 1 }
    }
    if (!found) return undefined
    const rest = text.slice(found.length)
    const space = WHITESPACE.exec(rest)?.[0] ?? ''
    const argsText = rest.slice(space.length)
    // As NoneBot: the whitespace counts only when an argument follows it.
    const whitespace = argsText !== '' || message.length > 1 ? space : ''
    let argsMessage: Message | undefined
    return {
      command: found.entry.path,
      key: commandKey(found.entry.path),
      raw: text.slice(0, found.length),
      start: found.entry.start,
      whitespace,
      hasArgs: argsText !== '' || message.length > 1,
      argsText: argsText + restPlainText(message),
      get argsMessage() {
        argsMessage ??= buildArgs(message, argsText)
        return argsMessage
      },
    }
  }

  #build(): TrieNode {
    const root: TrieNode = { next: new Map() }
    for (const { path } of this.#counts.values()) {
      for (const start of this.#starts) {
        for (const sep of this.#seps) {
          const typed = start + path.join(sep)
          if (typed === '') continue
          let node = root
          for (let i = 0; i < typed.length; i++) {
            const ch = typed[i]!
            let child = node.next.get(ch)
            if (!child) {
              child = { next: new Map() }
              node.next.set(ch, child)
            }
            node = child
          }
          // The first registration wins when two starts/seps spell the same text.
          node.entry ??= { path, start }
        }
      }
    }
    return root
  }
}

function restPlainText(message: Message): string {
  let out = ''
  for (let i = 1; i < message.length; i++) {
    const seg = message.at(i)!
    if (seg.type === 'text') out += String((seg.data as { text?: unknown }).text ?? '')
  }
  return out
}

function buildArgs(message: Message, firstText: string): Message {
  const args = message.slice(0, 0)
  if (firstText !== '') args.append(firstText)
  return args.append(message.slice(1))
}
