import { NonebotError } from '../errors.js'

/**
 * The one line printed for an error that stops the CLI: `error: <message>`. Known errors carry a
 * message written for users; others get a hint, and the stack only when debugging.
 */
export function formatFatal(error: unknown, debug: boolean): string {
  const line = `error: ${describe(error)}`
  if (!debug) return `${line}\n`
  const stack = error instanceof Error && error.stack ? `\n${error.stack}` : ''
  return `${line}${stack}\n`
}

function describe(error: unknown): string {
  if (error instanceof NonebotError) return error.message
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (error instanceof Error && code === 'EADDRINUSE') {
    return `cannot listen: ${addressOf(error)} is already in use (change PORT or HOST, or stop the other process)`
  }
  if (error instanceof Error && code === 'EACCES') {
    return `cannot listen on ${addressOf(error)}: permission denied (use a PORT above 1023)`
  }
  if (error instanceof Error && code === 'EADDRNOTAVAIL') {
    return `cannot listen on ${addressOf(error)}: no such address on this machine (check HOST)`
  }
  const message = error instanceof Error ? error.message : String(error)
  return `${message.split('\n')[0]} (run with --debug for details)`
}

function addressOf(error: Error): string {
  const { address, port } = error as Error & { address?: string; port?: number }
  return address !== undefined && port !== undefined ? `${address}:${port}` : 'the address'
}

/** Whether a LOG_LEVEL value asks for debugging output (DEBUG, TRACE or a loguru number up to 10). */
export function isDebugLevel(level: unknown): boolean {
  if (typeof level === 'number') return level <= 10
  if (typeof level !== 'string') return false
  const text = level.trim().toUpperCase()
  return text === 'DEBUG' || text === 'TRACE' || (/^\d+$/.test(text) && Number(text) <= 10)
}
