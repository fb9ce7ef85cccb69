import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Mode } from '../wire/mode.js'
import type { TargetProcess } from './child.js'

/** Where a started target learns its port and the generator's addresses. */
export interface TargetSetup {
  mode: Mode
  port: number
  selfIds: readonly string[]
  /** Forward WS: the URL of each bot's OneBot server (the generator). */
  wsUrls: readonly string[]
  /** HTTP POST: each bot's OneBot HTTP API root (the generator). */
  apiRoots: Readonly<Record<string, string>>
  /** A directory prepared for this run (config files, logs). */
  dir: string
}

export interface Target {
  readonly name: string
  readonly label: string
  readonly modes: readonly Mode[]
  /** Why the target cannot run on this checkout, or undefined when it can. */
  unavailable(): string | undefined
  start(setup: TargetSetup): TargetProcess
}

export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const REPO_DIR = join(BENCH_DIR, '..')

/** The address the generator sends events to, the same for every target. */
export function eventUrl(mode: Mode, port: number): string {
  switch (mode) {
    case 'v11-rws':
      return `ws://127.0.0.1:${port}/onebot/v11/ws`
    case 'v12-rws':
      return `ws://127.0.0.1:${port}/onebot/v12/ws`
    case 'v11-http':
      return `http://127.0.0.1:${port}/onebot/v11/`
    case 'v11-fws':
      return ''
  }
}
