import { ConfigError } from '../errors.js'
import type { DriverPart } from './types.js'

/** A parsed `DRIVER` line. */
export interface DriverSpec {
  /** The line as written. */
  readonly text: string
  /** The main driver: a server, or `none` (clients only). */
  readonly main: 'server' | 'none'
  /** The parts switched on. */
  readonly parts: ReadonlySet<DriverPart>
}

/** NoneBot's driver modules and the parts of ours each one stands for. */
const modules: Readonly<
  Record<string, { kind: 'server' | 'none' | 'client'; parts: readonly DriverPart[] }>
> = {
  fastapi: { kind: 'server', parts: ['server'] },
  quart: { kind: 'server', parts: ['server'] },
  none: { kind: 'none', parts: [] },
  httpx: { kind: 'client', parts: ['httpClient'] },
  websockets: { kind: 'client', parts: ['wsClient'] },
  aiohttp: { kind: 'client', parts: ['httpClient', 'wsClient'] },
}

const ALL_PARTS: ReadonlySet<DriverPart> = new Set(['server', 'httpClient', 'wsClient'])
const EXPECTED =
  'a NoneBot DRIVER line: a main driver (~fastapi, ~quart or ~none) followed by clients joined with + ' +
  '(~httpx, ~websockets, ~aiohttp), e.g. ~fastapi+~httpx+~websockets'

/**
 * Parses NoneBot's `DRIVER` syntax, `<module>[:<Class>][+<module>[:<Class>]]*` where `~` stands for
 * `nonebot.drivers.`. The first part is the main driver; a client module there (`~websockets`,
 * `~aiohttp`) means `~none` plus that client, as in NoneBot. Unset means every part on.
 * Throws `ConfigError` naming `DRIVER` for an unknown module or a misplaced part.
 *
 * @example
 * parseDriverSpec('~fastapi+~httpx').parts // Set { 'server', 'httpClient' }
 */
export function parseDriverSpec(text: string | undefined): DriverSpec {
  if (text === undefined) return { text: '~fastapi+~httpx+~websockets', main: 'server', parts: ALL_PARTS }
  const items = text.split('+').map((item) => item.trim())
  const parts = new Set<DriverPart>()
  let main: 'server' | 'none' = 'none'
  items.forEach((item, index) => {
    const { module, className } = splitItem(item, text)
    const known = modules[module]
    if (!known) {
      throw new ConfigError('DRIVER', text, `${EXPECTED}; unknown driver ${JSON.stringify(item)}`)
    }
    if (index === 0) {
      if (className !== undefined && className !== 'Driver') {
        throw new ConfigError('DRIVER', text, `${EXPECTED}; the first part names a Driver, not ${className}`)
      }
      if (known.kind === 'server') main = 'server'
    } else {
      if (known.kind !== 'client') {
        throw new ConfigError(
          'DRIVER',
          text,
          `${EXPECTED}; ${JSON.stringify(item)} can only be the first part`,
        )
      }
      if (className !== undefined && className !== 'Mixin') {
        throw new ConfigError('DRIVER', text, `${EXPECTED}; a client after + names a Mixin, not ${className}`)
      }
    }
    for (const part of known.parts) parts.add(part)
  })
  return { text, main, parts }
}

/** The driver parts a `DRIVER` line switches on (all three when unset). */
export function driverParts(text: string | undefined): ReadonlySet<DriverPart> {
  return parseDriverSpec(text).parts
}

/** The `DRIVER` spelling of a part, for warnings such as "DRIVER has no websocket client (~websockets)". */
export function describeDriverPart(part: DriverPart): string {
  switch (part) {
    case 'server':
      return 'HTTP/WebSocket server (~fastapi)'
    case 'httpClient':
      return 'HTTP client (~httpx)'
    case 'wsClient':
      return 'WebSocket client (~websockets)'
  }
}

/** Splits `~module:Class`; `~` and `nonebot.drivers.` prefixes are dropped, a bare name is accepted. */
function splitItem(item: string, text: string): { module: string; className: string | undefined } {
  const colon = item.indexOf(':')
  const path = (colon === -1 ? item : item.slice(0, colon)).trim().toLowerCase()
  const className = colon === -1 ? undefined : item.slice(colon + 1).trim()
  const module = path.replace(/^~/, '').replace(/^nonebot\.drivers\./, '')
  if (!module || className === '') throw new ConfigError('DRIVER', text, `${EXPECTED}; found an empty part`)
  return { module, className }
}
