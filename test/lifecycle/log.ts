import { Writable } from 'node:stream'
import { createLogger, type Logger } from '../../src/index.js'

/** A JSON logger writing into memory: `messages()` are the lines' `msg`, `at(level)` those of a level. */
export function memoryLogger(level = 'DEBUG'): {
  logger: Logger
  messages: () => string[]
  at: (level: 'debug' | 'info' | 'warn' | 'error') => string[]
} {
  const records: { level: number; msg: string }[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) records.push(JSON.parse(line))
      done()
    },
  })
  const levels = { debug: 20, info: 30, warn: 40, error: 50 }
  return {
    logger: createLogger({ level, format: 'json', destination: stream }),
    messages: () => records.map((r) => r.msg),
    at: (name) => records.filter((r) => r.level === levels[name]).map((r) => r.msg),
  }
}

/** A promise to hold a handler on, and the function that lets it go. */
export function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void
  const wait = new Promise<void>((resolve) => {
    open = resolve
  })
  return { wait, open }
}
