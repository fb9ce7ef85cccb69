import type { App } from '../app.js'
import type { HttpHandler, HttpRequest, HttpResponse } from '../driver/types.js'
import type { AppStats } from '../observe/stats.js'
import { ConsoleAuth, LOGIN_PAGE, unauthorized } from './auth.js'
import type { LogTap } from './log-tap.js'
import type { ConsoleSettings } from './options.js'
import { PluginControl } from './plugins.js'
import { Sandbox, type SandboxInput } from './sandbox.js'
import { loadAssets } from './static.js'

export interface ConsoleOptions {
  readonly settings: ConsoleSettings
  readonly stats: AppStats
  /** The log lines the Logs page shows; without it the page says logs are not kept. */
  readonly logs?: LogTap | undefined
  /** The bot's `.env`, where plugin config edits go. */
  readonly envFile?: string | undefined
}

const json = (status: number, body: unknown): HttpResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
})

const HOUR = 3_600_000

/**
 * Serves the console on the app's own server: the page and its assets under `/console/`, the
 * JSON API under `/console/api/`. Everything is behind ConsoleAuth; nothing here runs per event.
 */
export async function installConsole(app: App, options: ConsoleOptions): Promise<() => Promise<void>> {
  const server = app.driver.server
  if (!server) return async () => {}
  const { stats, settings, logs } = options
  const auth = new ConsoleAuth(settings.token)
  const plugins = new PluginControl(app, options.envFile)
  const sandbox = new Sandbox(app)
  const assets = await loadAssets()
  const disposers: (() => void)[] = []

  const page =
    (handler: HttpHandler): HttpHandler =>
    (req) => {
      if (!auth.sameOrigin(req)) return { status: 403, body: 'cross-origin request refused' }
      return auth.authenticated(req) ? handler(req) : unauthorized(false)
    }
  const api =
    (handler: (req: HttpRequest) => Promise<HttpResponse> | HttpResponse, change = false): HttpHandler =>
    async (req) => {
      if (!auth.authenticated(req)) return unauthorized(true)
      if (change && !auth.mayChange(req))
        return json(403, { error: 'cross-site request refused (send X-Console: 1 from the console page)' })
      if (!change && !auth.sameOrigin(req) && !/^Bearer /i.test(req.headers.authorization ?? ''))
        return json(403, { error: 'cross-origin request refused' })
      return handler(req)
    }
  const route = (method: string, path: string, handler: HttpHandler) =>
    disposers.push(server.route(method, path, handler))

  // The page, its assets, and the way in.
  const index = page(() => assets.get('index.html')!)
  route('GET', '/console', () => ({ status: 308, headers: { location: '/console/' } }))
  route('GET', '/console/', index)
  for (const [name, response] of assets) {
    if (name === 'index.html') continue
    // Assets hold no data, so the login page may load its style sheet before logging in.
    route('GET', `/console/${name}`, () => response)
  }
  route('POST', '/console/login', (req): HttpResponse => {
    if (!auth.sameOrigin(req)) return { status: 403, body: 'cross-origin login refused' }
    const token = new URLSearchParams(req.body.toString('utf8')).get('token') ?? ''
    if (!auth.required) return { status: 303, headers: { location: '/console/' } }
    if (!auth.tokenMatches(token)) {
      return {
        status: 401,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: LOGIN_PAGE.replace(
          '<button',
          '<p class="error">That token does not match CONSOLE_TOKEN.</p><button',
        ),
      }
    }
    return { status: 303, headers: { location: '/console/', 'set-cookie': auth.loginCookie() } }
  })

  // Read-only API.
  route(
    'GET',
    '/console/api/overview',
    api(() => {
      const now = Date.now()
      const bots = [...stats.bots.values()]
      return json(200, {
        uptimeSeconds: Math.round((now - stats.startedAt) / 1000),
        eventsPerSecond: stats.eventRate(10),
        events: stats.eventCount(),
        handlerMs: {
          p50: stats.handlerDuration.quantile(0.5),
          p95: stats.handlerDuration.quantile(0.95),
          mean: stats.handlerDuration.mean(),
        },
        apiMs: {
          p50: stats.apiDuration.quantile(0.5),
          p95: stats.apiDuration.quantile(0.95),
          mean: stats.apiDuration.mean(),
        },
        errorsLastHour: logs ? logs.errorsSince(now - HOUR) : null,
        bots: { connected: bots.filter((b) => b.connected).length, known: bots.length },
        plugins: app.plugins.list().length,
      })
    }),
  )
  route(
    'GET',
    '/console/api/bots',
    api(() => {
      const now = Date.now()
      return json(
        200,
        [...stats.bots.values()].map((bot) => {
          const connection = app.bot(bot.adapter, bot.selfId)?.describeConnection?.()
          const sinceMessage = now - (bot.lastMessageAt ?? bot.connectedAt ?? now)
          const beating =
            bot.lastHeartbeatAt !== undefined && now - bot.lastHeartbeatAt < settings.silentAfterMs
          return {
            ...bot,
            connection: connection ?? null,
            messageAgeSeconds:
              bot.lastMessageAt === undefined ? null : Math.round((now - bot.lastMessageAt) / 1000),
            // Heartbeats but no message for a long time: NapCat's known "alive but deaf" state.
            silent: bot.connected && beating && sinceMessage > settings.silentAfterMs,
          }
        }),
      )
    }),
  )
  route(
    'GET',
    '/console/api/plugins',
    api(() => json(200, plugins.list())),
  )
  route(
    'GET',
    '/console/api/logs',
    api((req) => {
      if (!logs) return json(200, { kept: false, lines: [] })
      const after = Number(req.query.get('after') ?? 0) || 0
      const min = Number(req.query.get('level') ?? 0) || 0
      const plugin = req.query.get('plugin') || undefined
      const lines = logs.read(after).filter((l) => l.level >= min && (!plugin || l.plugin === plugin))
      return json(200, { kept: true, lines, last: lines.at(-1)?.seq ?? after })
    }),
  )
  route(
    'GET',
    '/console/api/sandbox',
    api((req) => json(200, sandbox.read(Number(req.query.get('after') ?? 0) || 0))),
  )

  // Changes.
  route(
    'POST',
    '/console/api/plugins',
    api(async (req) => {
      const body = readJson(req)
      const name = typeof body?.name === 'string' ? body.name : ''
      const action = body?.action
      const error =
        action === 'disable'
          ? await plugins.disable(name)
          : action === 'enable'
            ? await plugins.enable(name)
            : action === 'reload'
              ? await plugins.reload(name)
              : 'action must be enable, disable or reload'
      return error ? json(400, { error }) : json(200, { ok: true })
    }, true),
  )
  route(
    'POST',
    '/console/api/plugins/config',
    api(async (req) => {
      const body = readJson(req)
      if (typeof body?.name !== 'string' || typeof body.values !== 'object' || body.values === null)
        return json(400, { errors: { '': 'expected { name, values }' } })
      const errors = await plugins.configure(body.name, body.values as Record<string, unknown>)
      return errors ? json(400, { errors }) : json(200, { ok: true })
    }, true),
  )
  route(
    'POST',
    '/console/api/sandbox',
    api(async (req) => {
      const body = readJson(req)
      if (typeof body?.text !== 'string' || typeof body.userId !== 'string' || !/^\d+$/.test(body.userId))
        return json(400, { error: 'expected { text, userId (digits), groupId?, role? }' })
      const groupId =
        typeof body.groupId === 'string' && /^\d+$/.test(body.groupId) ? body.groupId : undefined
      const role = body.role === 'owner' || body.role === 'admin' ? body.role : 'member'
      const input: SandboxInput = { text: body.text, userId: body.userId, groupId, role }
      try {
        const result = await sandbox.send(input)
        return result.error ? json(400, result) : json(200, { ok: true })
      } catch (error) {
        return json(503, { error: `the sandbox cannot reach the bot: ${(error as Error).message}` })
      }
    }, true),
  )

  app.logger.info(
    `console on /console/ (${auth.required ? 'CONSOLE_TOKEN required' : 'open: this machine only'})`,
  )
  return async () => {
    for (const dispose of disposers.splice(0)) dispose()
    await sandbox.close()
  }
}

function readJson(req: HttpRequest): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(req.body.toString('utf8'))
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}
