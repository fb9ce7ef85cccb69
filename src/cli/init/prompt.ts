import { createInterface } from 'node:readline/promises'
import type { CliTerminal } from '../io.js'
import { INIT_MODES, type InitMode } from './modes.js'

export interface InitAnswers {
  readonly name: string
  readonly mode: InitMode
}

/** Asks for the project name and the connection mode (Enter keeps the default). */
export async function askInitQuestions(
  terminal: CliTerminal,
  defaults: { name: string; mode: InitMode },
): Promise<InitAnswers> {
  const rl = createInterface({ input: terminal.input, output: terminal.output, terminal: terminal.isTTY })
  try {
    const name = (await rl.question(`Project name (${defaults.name}): `)).trim() || defaults.name
    const list = INIT_MODES.map(
      (mode, i) => `  ${i + 1}. ${mode.title}${mode === defaults.mode ? ' (default)' : ''}`,
    ).join('\n')
    terminal.output.write(`How does your OneBot implementation connect?\n${list}\n`)
    for (;;) {
      const answer = (await rl.question(`Choose 1-${INIT_MODES.length}: `)).trim()
      if (answer === '') return { name, mode: defaults.mode }
      const byNumber = /^\d+$/.test(answer) ? INIT_MODES[Number(answer) - 1] : undefined
      const mode = byNumber ?? INIT_MODES.find((m) => m.name === answer)
      if (mode) return { name, mode }
      terminal.output.write(`Please answer with a number from 1 to ${INIT_MODES.length}.\n`)
    }
  } finally {
    rl.close()
  }
}
