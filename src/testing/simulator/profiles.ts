/**
 * How real OneBot implementations differ on the wire. The simulator reads every quirk from here,
 * so a test can say `profile: 'gocq'` and get go-cqhttp's handshake, envelopes and defaults.
 * Facts come from the implementations' source (NapCat `packages/napcat-onebot`, Lagrange.Core
 * branch `v1` `Lagrange.OneBot`, LLOneBot 7.0.1, go-cqhttp 1.2.0, walle-core 0.7.4 under Walle-Q
 * 0.3.0); docs/implementations.md tabulates them.
 */

export type V11ProfileName = 'napcat' | 'lagrange' | 'llonebot' | 'gocq'
export type V12ProfileName = 'walle'
export type ProfileName = V11ProfileName | V12ProfileName

/** Where a V11 implementation puts the error text of a failed action. */
export type ErrorTextField = 'msg' | 'wording' | 'message'

/**
 * What a forward-WS path carries, per implementation: `api` (actions only), `event` (events only),
 * `universal` (both), `none` (LLOneBot accepts any other path and then ignores it), or refused.
 */
export type ForwardPathRole = 'universal' | 'api' | 'event' | 'none'

export interface ImplementationProfile {
  readonly name: ProfileName
  readonly version: 11 | 12
  /** `app_name` / V12 `impl`. */
  readonly appName: string
  readonly appVersion: string
  readonly userAgent: string
  /** Scheme of the `Authorization` header on outgoing connections. */
  readonly authScheme: 'Bearer' | 'Token'
  /** napcat, LLOneBot and Lagrange send `Authorization: Bearer ` even when their token is empty. */
  readonly alwaysSendAuthorization: boolean
  /** `X-Client-Role` values (Lagrange spells the API role `Api`). */
  readonly roles: { readonly universal: string; readonly api: string; readonly event: string }
  /** napcat and LLOneBot only ever dial one Universal socket. */
  readonly universalOnly: boolean
  /** Format of `message` in pushed events (V11 only). */
  readonly messageFormat: 'array' | 'string'
  readonly heartbeatIntervalMs: number
  /** Unit of the heartbeat's `interval` field: walle-core sends seconds (the V12 spec says ms). */
  readonly heartbeatUnit: 'ms' | 's'
  readonly reconnectIntervalMs: number
  /**
   * Forward WS with a bad token: `http` refuses the upgrade (401 missing / 403 wrong),
   * `frame` accepts, sends a `retcode: 1403` frame and closes.
   */
  readonly forwardWsAuthFailure: 'http' | 'frame'
  /** HTTP status for a missing / wrong token on the forward WS handshake. */
  readonly authFailureStatus: { readonly missing: number; readonly wrong: number }
  /** HTTP status for a missing / wrong token on the HTTP API (Lagrange: 401 / 403 there, 403 on WS). */
  readonly httpApiAuthStatus: { readonly missing: number; readonly wrong: number }
  /** V11 forward WS: what the request path `path` (query removed) carries, or undefined to refuse (404). */
  readonly forwardPath: (path: string) => ForwardPathRole | undefined
  /** Retcode for an unknown action over WS, and HTTP status + retcode over HTTP. */
  readonly unknownAction: {
    readonly wsRetcode: number
    readonly httpStatus: number
    readonly httpRetcode: number
  }
  /** Retcode for a frame that is not valid JSON (`undefined`: no answer at all, as Lagrange). */
  readonly badFrameRetcode: number | undefined
  /** Retcode when an action's handler throws, over WS and over HTTP (napcat: 1200 / 200). */
  readonly handlerErrorRetcode: { readonly ws: number; readonly http: number }
  readonly errorTextFields: readonly ErrorTextField[]
  /** LLOneBot omits `echo` from the response when the request's echo was null or absent. */
  readonly dropNullEcho: boolean
  /** napcat always answers with an `echo` field (null when the request had none). */
  readonly alwaysEcho: boolean
  /** napcat tags every response with `stream: "normal-action"`. */
  readonly streamTag: boolean
  /** Extra fields on the forward-WS lifecycle `connect` event (gocq: `_post_method: 2`). */
  readonly forwardLifecycleExtra: Readonly<Record<string, unknown>>
  /** napcat and LLOneBot sign HTTP POST bodies with the access token instead of a separate secret. */
  readonly signWithToken: boolean
  /** Lagrange posts a lifecycle `connect` over HTTP POST when it starts; the others post none. */
  readonly postsLifecycle: boolean
  /** Whether the HTTP POST answer is read as a quick operation (Lagrange discards it). */
  readonly readsQuickOperation: boolean
  /** `User-Agent` of HTTP POST requests (undefined: the HTTP client's own, e.g. none from .NET). */
  readonly postUserAgent: string | undefined
}

const trimSlash = (path: string): string => path.replace(/\/$/, '') || '/'

const v11Base = {
  version: 11,
  forwardPath: (path: string): ForwardPathRole | undefined => {
    const trimmed = trimSlash(path)
    return trimmed === '/'
      ? 'universal'
      : trimmed === '/api'
        ? 'api'
        : trimmed === '/event'
          ? 'event'
          : undefined
  },
  authScheme: 'Bearer',
  alwaysSendAuthorization: false,
  roles: { universal: 'Universal', api: 'API', event: 'Event' },
  universalOnly: false,
  messageFormat: 'array',
  heartbeatUnit: 'ms',
  reconnectIntervalMs: 5000,
  forwardWsAuthFailure: 'http',
  authFailureStatus: { missing: 401, wrong: 403 },
  httpApiAuthStatus: { missing: 401, wrong: 403 },
  badFrameRetcode: 1400,
  handlerErrorRetcode: { ws: 100, http: 100 },
  errorTextFields: ['message', 'wording'],
  dropNullEcho: false,
  alwaysEcho: false,
  streamTag: false,
  forwardLifecycleExtra: {},
  signWithToken: false,
  postsLifecycle: false,
  readsQuickOperation: true,
  postUserAgent: undefined,
} as const

export const profiles: Readonly<Record<ProfileName, ImplementationProfile>> = {
  napcat: {
    ...v11Base,
    name: 'napcat',
    appName: 'NapCat.Onebot',
    appVersion: '4.8.0',
    userAgent: 'OneBot/11',
    alwaysSendAuthorization: true,
    universalOnly: true,
    heartbeatIntervalMs: 30_000,
    forwardWsAuthFailure: 'frame',
    authFailureStatus: { missing: 403, wrong: 403 },
    httpApiAuthStatus: { missing: 403, wrong: 403 },
    // Only `/api` (and `/api/`) is special: every other path gets events and takes actions.
    forwardPath: (path) => (trimSlash(path) === '/api' ? 'api' : 'universal'),
    unknownAction: { wsRetcode: 1404, httpStatus: 200, httpRetcode: 200 },
    handlerErrorRetcode: { ws: 1200, http: 200 },
    alwaysEcho: true,
    streamTag: true,
    signWithToken: true,
  },
  llonebot: {
    ...v11Base,
    name: 'llonebot',
    appName: 'LLOneBot',
    appVersion: '4.0.0',
    userAgent: 'LLOneBot/4.0.0',
    alwaysSendAuthorization: true,
    universalOnly: true,
    heartbeatIntervalMs: 60_000,
    reconnectIntervalMs: 3000,
    forwardWsAuthFailure: 'frame',
    authFailureStatus: { missing: 403, wrong: 403 },
    httpApiAuthStatus: { missing: 403, wrong: 403 },
    // `/`, `/api[/]`, `/event[/]`; any other path is accepted and then neither fed nor read.
    forwardPath: (path) => {
      if (path === '/') return 'universal'
      if (path === '/api' || path === '/api/') return 'api'
      if (path === '/event' || path === '/event/') return 'event'
      return 'none'
    },
    unknownAction: { wsRetcode: 1404, httpStatus: 404, httpRetcode: 404 },
    handlerErrorRetcode: { ws: 1200, http: 200 },
    dropNullEcho: true,
    signWithToken: true,
    postUserAgent: 'node',
  },
  lagrange: {
    ...v11Base,
    name: 'lagrange',
    appName: 'Lagrange.OneBot',
    appVersion: '0.0.3',
    userAgent: 'Lagrange.OneBot',
    // `AccessToken: ""` (the default appsettings) still sends `Authorization: Bearer `.
    alwaysSendAuthorization: true,
    roles: { universal: 'Universal', api: 'Api', event: 'Event' },
    heartbeatIntervalMs: 5000,
    authFailureStatus: { missing: 403, wrong: 403 },
    forwardPath: (path) => {
      if (path === '/api' || path === '/api/') return 'api'
      if (path === '/event' || path === '/event/') return 'event'
      return 'universal'
    },
    unknownAction: { wsRetcode: 404, httpStatus: 200, httpRetcode: 404 },
    badFrameRetcode: undefined,
    errorTextFields: [],
    postsLifecycle: true,
    readsQuickOperation: false,
  },
  gocq: {
    ...v11Base,
    name: 'gocq',
    appName: 'go-cqhttp',
    appVersion: 'v1.2.0',
    userAgent: 'CQHttp/4.15.0',
    authScheme: 'Token',
    messageFormat: 'string',
    heartbeatIntervalMs: 5000,
    reconnectIntervalMs: 3000,
    // Go's ServeMux: exactly `/api` and `/event`; every other path falls to `/` (universal).
    forwardPath: (path) => (path === '/api' ? 'api' : path === '/event' ? 'event' : 'universal'),
    unknownAction: { wsRetcode: 404, httpStatus: 200, httpRetcode: 404 },
    // gjson reads no action from a bad frame, which then fails as an unknown one.
    badFrameRetcode: 404,
    errorTextFields: ['msg', 'wording', 'message'],
    forwardLifecycleExtra: { _post_method: 2 },
    postUserAgent: 'CQHttp/4.15.0',
  },
  walle: {
    ...v11Base,
    version: 12,
    name: 'walle',
    appName: 'walle-q',
    appVersion: '0.3.0',
    userAgent: 'OneBot/12 Walle/0.7.4',
    // walle-core: `interval: 4` (seconds, slept with `Duration::from_secs`), reconnect 4 s.
    heartbeatIntervalMs: 4000,
    heartbeatUnit: 's',
    reconnectIntervalMs: 4000,
    // walle-core's servers answer a bad token with 403 (the spec says 401).
    authFailureStatus: { missing: 403, wrong: 403 },
    httpApiAuthStatus: { missing: 403, wrong: 403 },
    unknownAction: { wsRetcode: 10002, httpStatus: 200, httpRetcode: 10002 },
    errorTextFields: ['message'],
  },
}

export function resolveProfile(name: ProfileName | undefined, version: 11 | 12): ImplementationProfile {
  const profile = profiles[name ?? (version === 11 ? 'napcat' : 'walle')]
  if (profile.version !== version) {
    throw new Error(`Simulator profile "${profile.name}" speaks OneBot V${profile.version}, not V${version}`)
  }
  return profile
}
