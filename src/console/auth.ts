import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { HttpRequest, HttpResponse, WsUpgradeRequest } from '../driver/types.js'

export const COOKIE = 'nbts_console'

/**
 * Who may use the console. With a token: a session cookie (an HMAC of the token, never the token)
 * from the login form, or `Authorization: Bearer <token>`. Without a token (loopback only), anyone
 * on this machine. Either way, requests that change something must carry `X-Console: 1` (a
 * header a cross-site form or image cannot send) and, when the browser says where they come from,
 * come from this origin; the Host must be this server (no DNS rebinding).
 */
export class ConsoleAuth {
  readonly #token: Buffer | undefined
  readonly #session: Buffer | undefined
  readonly #key = randomBytes(32)

  constructor(token: string | undefined) {
    this.#token = token === undefined ? undefined : digest(this.#key, `token:${token}`)
    this.#session = token === undefined ? undefined : digest(this.#key, `session:${token}`)
  }

  get required(): boolean {
    return this.#token !== undefined
  }

  /** Compares fixed-size digests, so neither the content nor the length of the token leaks. */
  tokenMatches(candidate: string): boolean {
    if (!this.#token) return true
    return timingSafeEqual(digest(this.#key, `token:${candidate}`), this.#token)
  }

  /** The cookie value a logged-in browser holds. */
  sessionValue(): string {
    return this.#session?.toString('base64url') ?? ''
  }

  authenticated(req: Pick<HttpRequest, 'headers'>): boolean {
    if (!this.#token || !this.#session) return true
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1]
    if (bearer !== undefined && this.tokenMatches(bearer)) return true
    const cookie = readCookie(req.headers.cookie, COOKIE)
    if (cookie === undefined) return false
    const given = Buffer.from(cookie, 'base64url')
    return given.length === this.#session.length && timingSafeEqual(given, this.#session)
  }

  /** Refuses a request whose Host or Origin is not this server. */
  sameOrigin(req: Pick<HttpRequest, 'headers'> | WsUpgradeRequest): boolean {
    const host = req.headers.host
    if (host === undefined) return false
    const origin = req.headers.origin
    if (origin !== undefined && origin !== 'null') {
      try {
        if (new URL(origin).host !== host) return false
      } catch {
        return false
      }
    }
    return req.headers['sec-fetch-site'] === undefined || req.headers['sec-fetch-site'] !== 'cross-site'
  }

  /** A state-changing API call: same origin and the `X-Console` header (or a bearer token). */
  mayChange(req: Pick<HttpRequest, 'headers'>): boolean {
    if (!this.sameOrigin(req) && !/^Bearer /i.test(req.headers.authorization ?? '')) return false
    return req.headers['x-console'] === '1' || /^Bearer /i.test(req.headers.authorization ?? '')
  }

  loginCookie(): string {
    return `${COOKIE}=${this.sessionValue()}; Path=/console; HttpOnly; SameSite=Strict`
  }
}

function digest(key: Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text).digest()
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const at = part.indexOf('=')
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim()
  }
  return undefined
}

export function unauthorized(api: boolean): HttpResponse {
  return api
    ? {
        status: 401,
        headers: {
          'content-type': 'application/json',
          'www-authenticate': 'Bearer realm="nonebot-ts console"',
        },
        body: JSON.stringify({
          error: 'the console needs CONSOLE_TOKEN: log in, or send Authorization: Bearer <token>',
        }),
      }
    : { status: 401, headers: { 'content-type': 'text/html; charset=utf-8' }, body: LOGIN_PAGE }
}

export const LOGIN_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>nonebot-ts console: log in</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><link rel="stylesheet" href="/console/style.css"></head>
<body class="login"><form method="post" action="/console/login"><h1>nonebot-ts console</h1>
<label>Console token <input type="password" name="token" autocomplete="current-password" autofocus required></label>
<button type="submit">Log in</button><p class="hint">The token is CONSOLE_TOKEN in the bot's .env.</p></form></body></html>`
