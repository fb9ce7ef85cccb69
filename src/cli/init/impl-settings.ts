import type { SimulateMode } from '../simulate/setup.js'

/** The implementations `nbts init --impl` writes settings for. */
export const IMPLS = ['napcat', 'lagrange', 'llonebot', 'gocq', 'walle'] as const
export type Impl = (typeof IMPLS)[number]

export function isImpl(name: string): name is Impl {
  return (IMPLS as readonly string[]).includes(name)
}

const TITLES: Readonly<Record<Impl, string>> = {
  napcat: 'NapCat',
  lagrange: 'Lagrange.OneBot',
  llonebot: 'LLOneBot',
  gocq: 'go-cqhttp',
  walle: 'Walle-Q',
}

/** The implementations each protocol version has. */
export function implsFor(mode: SimulateMode): readonly Impl[] {
  return mode.startsWith('v12') ? ['walle'] : ['napcat', 'lagrange', 'llonebot', 'gocq']
}

export function defaultImpl(mode: SimulateMode): Impl {
  return mode.startsWith('v12') ? 'walle' : 'napcat'
}

/** What to paste on the implementation's side, and the `.env` lines that match it. */
export interface ImplSettings {
  readonly impl: Impl
  readonly title: string
  /** Where the snippet goes in the implementation. */
  readonly where: string
  readonly language: 'jsonc' | 'yaml' | 'toml'
  readonly snippet: string
  /** Lines for our `.env` that match the snippet (ports of the implementation's servers). */
  readonly env: readonly string[]
}

interface Ports {
  /** The implementation's HTTP API. */
  readonly http: number
  /** The implementation's WebSocket server (forward WS). */
  readonly ws: number
}

const PORTS: Readonly<Record<Impl, Ports>> = {
  napcat: { http: 3000, ws: 3001 },
  lagrange: { http: 5700, ws: 8081 },
  llonebot: { http: 3000, ws: 3001 },
  // go-cqhttp generates its forward-WS block on 8080, our default port: 6700 avoids the clash.
  gocq: { http: 5700, ws: 6700 },
  walle: { http: 6700, ws: 8844 },
}

const WHERE: Readonly<Record<Impl, string>> = {
  napcat: 'config/onebot11_<qq>.json (or the WebUI network page)',
  lagrange: 'appsettings.json, "Implementations" (Lagrange.Core branch v1)',
  llonebot: 'config_<qq>.json, "ob11" (or the settings page)',
  gocq: 'config.yml, "servers"',
  walle: 'walle-q.toml (replace the sections it generated on first run)',
}

/**
 * Settings for `impl` in `mode`, talking to a bot that listens on `listen` (host:port). The token
 * is left empty on both sides: set the same one in the implementation and ONEBOT_ACCESS_TOKEN.
 */
export function implSettings(mode: SimulateMode, impl: Impl, listen: string): ImplSettings {
  const ports = PORTS[impl]
  const base = { impl, title: TITLES[impl], where: WHERE[impl] }
  const rws = `ws://${listen}/onebot/v11/ws`
  const post = `http://${listen}/onebot/v11/http`
  const apiRoots = `ONEBOT_API_ROOTS={"123456": "http://127.0.0.1:${ports.http}/"}`
  const wsUrls = `ONEBOT_WS_URLS=["ws://127.0.0.1:${ports.ws}"]`
  const env = mode === 'v11-http-post' ? [apiRoots] : mode === 'v11-ws-forward' ? [wsUrls] : []
  switch (impl) {
    case 'napcat':
      return { ...base, language: 'jsonc', env, snippet: napcat(mode, rws, post, ports) }
    case 'lagrange':
      return { ...base, language: 'jsonc', env, snippet: lagrange(mode, listen, ports) }
    case 'llonebot':
      return { ...base, language: 'jsonc', env, snippet: llonebot(mode, rws, post, ports) }
    case 'gocq':
      return { ...base, language: 'yaml', env, snippet: gocq(mode, rws, post, ports) }
    case 'walle':
      return { ...base, language: 'toml', ...walle(mode, listen, ports) }
  }
}

function napcat(mode: SimulateMode, rws: string, post: string, ports: Ports): string {
  const common = '"messagePostFormat": "array", "reportSelfMessage": false, "token": "", "debug": false'
  const entries =
    mode === 'v11-ws-reverse'
      ? [
          `"websocketClients": [\n      { "name": "nonebot-ts", "enable": true, "url": "${rws}", ${common},\n        "reconnectInterval": 5000, "heartInterval": 30000 }\n    ]`,
        ]
      : mode === 'v11-http-post'
        ? [
            `"httpClients": [\n      { "name": "nonebot-ts", "enable": true, "url": "${post}", ${common} }\n    ]`,
            `"httpServers": [\n      { "name": "api", "enable": true, "host": "127.0.0.1", "port": ${ports.http}, ${common},\n        "enableCors": true, "enableWebsocket": false }\n    ]`,
          ]
        : [
            `"websocketServers": [\n      { "name": "ws", "enable": true, "host": "127.0.0.1", "port": ${ports.ws}, ${common},\n        "enableForcePushEvent": true, "heartInterval": 30000 }\n    ]`,
          ]
  return `{\n  "network": {\n    ${entries.join(',\n    ')}\n  }\n}`
}

function lagrange(mode: SimulateMode, listen: string, ports: Ports): string {
  const [host, port] = splitListen(listen)
  const entries =
    mode === 'v11-ws-reverse'
      ? [
          `{ "Type": "ReverseWebSocket", "Host": "${host}", "Port": ${port}, "Suffix": "/onebot/v11/ws",\n    "ReconnectInterval": 5000, "HeartBeatInterval": 5000, "AccessToken": "" }`,
        ]
      : mode === 'v11-http-post'
        ? [
            // Lagrange signs posts only with a non-empty Secret and never sends the token with them.
            `{ "Type": "HttpPost", "Host": "${host}", "Port": ${port}, "Suffix": "/onebot/v11/http",\n    "HeartBeatInterval": 5000, "AccessToken": "", "Secret": "" }`,
            `{ "Type": "Http", "Host": "127.0.0.1", "Port": ${ports.http}, "AccessToken": "" }`,
          ]
        : [
            `{ "Type": "ForwardWebSocket", "Host": "127.0.0.1", "Port": ${ports.ws}, "HeartBeatInterval": 5000,\n    "AccessToken": "" }`,
          ]
  return `"Implementations": [\n  ${entries.join(',\n  ')}\n]`
}

function llonebot(mode: SimulateMode, rws: string, post: string, ports: Ports): string {
  const entries =
    mode === 'v11-ws-reverse'
      ? [
          `{ "type": "ws-reverse", "enable": true, "url": "${rws}", "heartInterval": 60000, "token": "",\n      "messageFormat": "array", "reportSelfMessage": false }`,
        ]
      : mode === 'v11-http-post'
        ? [
            `{ "type": "http-post", "enable": true, "url": "${post}", "enableHeart": false, "token": "",\n      "messageFormat": "array", "reportSelfMessage": false }`,
            `{ "type": "http", "enable": true, "port": ${ports.http}, "token": "", "messageFormat": "array" }`,
          ]
        : [
            `{ "type": "ws", "enable": true, "port": ${ports.ws}, "heartInterval": 60000, "token": "",\n      "messageFormat": "array" }`,
          ]
  return `"ob11": {\n  "enable": true,\n  "connect": [\n    ${entries.join(',\n    ')}\n  ]\n}`
}

function gocq(mode: SimulateMode, rws: string, post: string, ports: Ports): string {
  if (mode === 'v11-ws-reverse')
    return `servers:\n  - ws-reverse:\n      universal: ${rws}\n      reconnect-interval: 3000\n      middlewares:\n        access-token: ''`
  if (mode === 'v11-http-post')
    return `servers:\n  - http:\n      address: 127.0.0.1:${ports.http}\n      middlewares:\n        access-token: ''\n      post:\n        - url: ${post}\n          secret: ''`
  return `servers:\n  - ws:\n      address: 127.0.0.1:${ports.ws}\n      middlewares:\n        access-token: ''`
}

function walle(mode: SimulateMode, listen: string, ports: Ports): { snippet: string; env: string[] } {
  if (mode === 'v12-ws-reverse')
    return {
      snippet: `[[onebot.websocket_rev]]\nurl = "ws://${listen}/onebot/v12/ws"\naccess_token = ""\nreconnect_interval = 4   # seconds`,
      env: [],
    }
  if (mode === 'v12-webhook')
    return {
      snippet: `[[onebot.http_webhook]]\nurl = "http://${listen}/onebot/v12/http"\naccess_token = ""\ntimeout = 4\n\n[[onebot.http]]\nhost = "127.0.0.1"\nport = ${ports.http}\naccess_token = ""`,
      env: [`ONEBOT_V12_API_ROOTS={"10000": "http://127.0.0.1:${ports.http}/"}`],
    }
  return {
    snippet: `[[onebot.websocket]]\nhost = "127.0.0.1"\nport = ${ports.ws}\naccess_token = ""`,
    env: [`ONEBOT_V12_WS_URLS=["ws://127.0.0.1:${ports.ws}/"]`],
  }
}

function splitListen(listen: string): [string, string] {
  const at = listen.lastIndexOf(':')
  return [listen.slice(0, at), listen.slice(at + 1)]
}

/** The ONEBOT-SETUP.md a new project gets: the snippet, where it goes, and our matching keys. */
export function setupGuide(mode: SimulateMode, settings: ImplSettings): string {
  const env = settings.env.length > 0 ? settings.env : ['# nothing beyond HOST and PORT']
  return `# Connecting ${settings.title} (${mode})

Paste this into ${settings.where}:

\`\`\`${settings.language}
${settings.snippet}
\`\`\`

and keep these lines in this project's \`.env\` (\`nbts init\` has written them):

\`\`\`ini
${env.join('\n')}
\`\`\`

Replace the sample bot id (\`123456\`, \`10000\`) in \`.env\` with your bot's. Tokens are empty on both sides: to use one, set the same value in the implementation and in
\`ONEBOT_ACCESS_TOKEN\` (\`ONEBOT_V12_ACCESS_TOKEN\` for V12). Other implementations and modes:
\`npx nbts init --help\`, and the nonebot-ts documentation's docs/connections/ pages.
`
}
