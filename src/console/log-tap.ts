/** One log line as the console shows it. */
export interface LogLine {
  readonly seq: number
  readonly time: number
  /** pino level number: 10 trace ... 60 fatal. */
  readonly level: number
  readonly msg: string
  readonly plugin: string | undefined
}

/**
 * Keeps the last `size` log lines for the console's Logs page. The logger writes each serialized
 * line here as it writes it out; parsing waits until someone reads, so logging stays cheap.
 */
export class LogTap {
  readonly #raw: string[] = []
  #seq = 0
  #first = 1
  readonly #listeners = new Set<(line: LogLine) => void>()

  constructor(private readonly size = 2000) {}

  /** A pino destination that records every line. */
  readonly stream = {
    write: (chunk: string): void => {
      this.#seq++
      this.#raw.push(chunk)
      if (this.#raw.length > this.size) {
        this.#raw.shift()
        this.#first++
      }
      if (this.#listeners.size > 0) {
        const line = parse(chunk, this.#seq)
        if (line) for (const listener of this.#listeners) listener(line)
      }
    },
  }

  /** Lines after `after` (a seq), oldest first, at most `limit`. */
  read(after = 0, limit = 500): LogLine[] {
    const start = Math.max(0, after + 1 - this.#first)
    const lines: LogLine[] = []
    for (let i = Math.max(start, this.#raw.length - limit); i < this.#raw.length; i++) {
      const line = parse(this.#raw[i]!, this.#first + i)
      if (line) lines.push(line)
    }
    return lines
  }

  /** Errors (level >= 50) logged since `since` (ms epoch), among the kept lines. */
  errorsSince(since: number): number {
    let count = 0
    for (const line of this.read(0, this.size)) if (line.level >= 50 && line.time >= since) count++
    return count
  }

  subscribe(listener: (line: LogLine) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }
}

function parse(raw: string, seq: number): LogLine | undefined {
  try {
    const record = JSON.parse(raw) as { time?: number; level?: number; msg?: string; plugin?: unknown }
    return {
      seq,
      time: typeof record.time === 'number' ? record.time : Date.now(),
      level: typeof record.level === 'number' ? record.level : 30,
      msg: typeof record.msg === 'string' ? record.msg : '',
      plugin: typeof record.plugin === 'string' ? record.plugin : undefined,
    }
  } catch {
    return undefined
  }
}
