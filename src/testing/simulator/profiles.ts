/**
 * How real OneBot implementations differ on the wire. The simulator reads every quirk from here,
 * so a test can say `profile: 'gocq'` and get go-cqhttp's handshake, envelopes and defaults.
 * Facts come from /work/shared/reference/onebot-protocol.md (Parts I-IV).
 */

export type V11ProfileName = 'napcat' | 'lagrange' | 'llonebot' | 'gocq'
export type V12ProfileName = 'walle'
export type ProfileName = V11ProfileName | V12ProfileName

/** Where a V11 implementation puts the error text of a failed action. */
export type ErrorTextField = 'msg' | 'wording' | 'message'

export interface ImplementationProfile {
  readonly name: ProfileName
  readonly version: 11 | 12
  /** `app_name` / V12 `impl`. */
  readonly appName: string
  readonly appVersion: string
  readonly userAgent: string
  /** Scheme of the `Authorization` header on outgoing connections. */
  readonly authScheme: 'Bearer' | 'Token'
  /** napcat and LLOneBot send `Authorization: Bearer ` even when no token is configured. */
  readonly alwaysSendAuthorization: boolean
  /** `X-Client-Role` values (Lagrange spells the API role `Api`). */
  readonly roles: { readonly universal: string; readonly api: string; readonly event: string }
  /** napcat and LLOneBot only ever dial one Universal socket. */
  readonly universalOnly: boolean
  /** Format of `message` in pushed events (V11 only). */
  readonly messageFormat: 'array' | 'string'
  readonly heartbeatIntervalMs: number
  readonly reconnectIntervalMs: number
  /**
   * Forward WS with a bad token: `http` refuses the upgrade (401 missing / 403 wrong),
   * `frame` accepts, sends a `retcode: 1403` frame and closes.
   */
  readonly forwardWsAuthFailure: 'http' | 'frame'
  /** HTTP status for a missing / wrong token on the HTTP API and forward WS handshake. */
  readonly authFailureStatus: { readonly missing: number; readonly wrong: number }
  /** Retcode for an unknown action over WS, and HTTP status + retcode over HTTP. */
  readonly unknownAction: {
    readonly wsRetcode: number
    readonly httpStatus: number
    readonly httpRetcode: number
  }
  /** Retcode for a frame that is not valid JSON (`undefined`: no answer at all, as Lagrange). */
  readonly badFrameRetcode: number | undefined
  readonly errorTextFields: readonly ErrorTextField[]
  /** LLOneBot omits `echo` from the response when the request's echo was null or absent. */
  readonly dropNullEcho: boolean
  /** napcat tags every response with `stream: "normal-action"`. */
  readonly streamTag: boolean
  /** Extra fields on the lifecycle `connect` event (gocq: `_post_method: 2`). */
  readonly lifecycleExtra: Readonly<Record<string, unknown>>
  /** napcat and LLOneBot sign HTTP POST bodies with the access token instead of a separate secret. */
  readonly signWithToken: boolean
}

const v11Base = {
  version: 11,
  authScheme: 'Bearer',
  alwaysSendAuthorization: false,
  roles: { universal: 'Universal', api: 'API', event: 'Event' },
  universalOnly: false,
  messageFormat: 'array',
  reconnectIntervalMs: 5000,
  forwardWsAuthFailure: 'http',
  authFailureStatus: { missing: 401, wrong: 403 },
  badFrameRetcode: 1400,
  errorTextFields: ['message', 'wording'],
  dropNullEcho: false,
  streamTag: false,
  lifecycleExtra: {},
  signWithToken: false,
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
    unknownAction: { wsRetcode: 1404, httpStatus: 200, httpRetcode: 200 },
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
    unknownAction: { wsRetcode: 1404, httpStatus: 404, httpRetcode: 404 },
    dropNullEcho: true,
    signWithToken: true,
  },
  lagrange: {
    ...v11Base,
    name: 'lagrange',
    appName: 'Lagrange.OneBot',
    appVersion: '0.0.3',
    userAgent: 'Lagrange.OneBot',
    roles: { universal: 'Universal', api: 'Api', event: 'Event' },
    heartbeatIntervalMs: 5000,
    authFailureStatus: { missing: 403, wrong: 403 },
    unknownAction: { wsRetcode: 404, httpStatus: 200, httpRetcode: 404 },
    badFrameRetcode: undefined,
    errorTextFields: [],
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
    unknownAction: { wsRetcode: 404, httpStatus: 200, httpRetcode: 404 },
    errorTextFields: ['msg', 'wording', 'message'],
    lifecycleExtra: { _post_method: 2 },
  },
  walle: {
    ...v11Base,
    version: 12,
    name: 'walle',
    appName: 'walle-q',
    appVersion: '0.1.0',
    userAgent: 'OneBot/12 Walle/0.7.0',
    heartbeatIntervalMs: 5000,
    // walle-core's servers answer a bad token with 403 (the spec says 401).
    authFailureStatus: { missing: 403, wrong: 403 },
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
