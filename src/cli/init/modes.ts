import type { SimulateMode } from '../simulate/setup.js'

/** A connection mode as `nbts init` offers it. Same names as `nbts simulate --mode`. */
export interface InitMode {
  readonly name: SimulateMode
  readonly title: string
  /** What to tell the implementation, for the README and the prompt. */
  readonly hint: string
  /** `.env` lines for this mode, commented out unless it is the chosen one. */
  readonly env: readonly string[]
}

export const INIT_MODES: readonly InitMode[] = [
  {
    name: 'v11-ws-reverse',
    title: 'OneBot V11, reverse WebSocket (recommended for NapCat, Lagrange.OneBot, LLOneBot)',
    hint: 'Point the implementation\'s reverse WebSocket ("WebSocket client") at ws://{listen}/onebot/v11/ws.',
    env: [],
  },
  {
    name: 'v11-http-post',
    title: 'OneBot V11, HTTP POST + HTTP API',
    hint: 'The implementation posts events to http://{listen}/onebot/v11/http and serves its HTTP API at ONEBOT_API_ROOTS.',
    env: [
      'ONEBOT_API_ROOTS={"123456": "http://127.0.0.1:5700/"}',
      '# NapCat and LLOneBot sign posts with the token; Lagrange.OneBot and go-cqhttp with their Secret.',
      '# ONEBOT_SECRET=<that Secret>   (ONEBOT_SECRET="" accepts unsigned posts)',
    ],
  },
  {
    name: 'v11-ws-forward',
    title: 'OneBot V11, forward WebSocket (the bot dials the implementation)',
    hint: "Run the implementation's WebSocket server and put its URL in ONEBOT_WS_URLS.",
    env: ['ONEBOT_WS_URLS=["ws://127.0.0.1:3001"]'],
  },
  {
    name: 'v12-ws-reverse',
    title: 'OneBot V12, reverse WebSocket (recommended for Walle-Q)',
    hint: "Point the implementation's reverse WebSocket at ws://{listen}/onebot/v12/ws.",
    env: [],
  },
  {
    name: 'v12-webhook',
    title: 'OneBot V12, HTTP webhook + HTTP actions',
    hint: 'The implementation posts events to http://{listen}/onebot/v12/http and serves actions at ONEBOT_V12_API_ROOTS.',
    env: ['ONEBOT_V12_API_ROOTS={"10000": "http://127.0.0.1:6700/"}'],
  },
  {
    name: 'v12-ws-forward',
    title: 'OneBot V12, forward WebSocket (the bot dials the implementation)',
    hint: "Run the implementation's WebSocket server and put its URL in ONEBOT_V12_WS_URLS.",
    env: ['ONEBOT_V12_WS_URLS=["ws://127.0.0.1:6700/"]'],
  },
]

export function findInitMode(name: string): InitMode | undefined {
  return INIT_MODES.find((mode) => mode.name === name)
}

/** The `.env` of a new bot: core keys, the token, and every mode with the chosen one switched on. */
export function envFile(
  chosen: InitMode,
  listen: { host: string; port: number },
  /** The chosen mode's lines as the chosen implementation needs them (its ports); default: the mode's. */
  chosenEnv: readonly string[] = chosen.env,
): string {
  const where = `${listen.host}:${listen.port}`
  const lines = [
    '# nonebot-ts configuration (NoneBot-compatible). Lists and objects are JSON.',
    '# Environment variables win over this file; .env.{ENVIRONMENT} (e.g. .env.dev) adds to it.',
    '',
    '# Where the bot listens (reverse WebSocket and HTTP POST / webhook modes).',
    `HOST=${listen.host}`,
    `PORT=${listen.port}`,
    '# LOG_LEVEL=INFO',
    '',
    '# Users allowed to run superuser commands, e.g. ["123456"].',
    'SUPERUSERS=[]',
    '# Names that address the bot at the start of a message, e.g. ["bot"].',
    'NICKNAME=[]',
    '# Command prefixes: "/" makes /echo a command; add "" to allow commands without a prefix.',
    'COMMAND_START=["/"]',
    '',
    '# The token both sides use (set the same one in the implementation). Empty: no check.',
    'ONEBOT_ACCESS_TOKEN=',
    '',
    '# Connection modes. Uncomment the lines of the one you use (or several, one per bot).',
  ]
  for (const mode of INIT_MODES) {
    const isChosen = mode === chosen
    lines.push('', `# ${isChosen ? '[chosen] ' : ''}${mode.title}`)
    lines.push(`#   ${mode.hint.replaceAll('{listen}', where)}`)
    if (mode.env.length === 0) lines.push('#   Nothing to set here.')
    for (const line of isChosen ? chosenEnv : mode.env) lines.push(isChosen ? line : `# ${line}`)
  }
  return `${lines.join('\n')}\n`
}
