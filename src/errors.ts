/**
 * The error catalogue. Each error has a stable `code`; tests assert on codes, not on messages.
 */
export type ErrorCode =
  | 'E_CONFIG'
  | 'E_NETWORK'
  | 'E_WS_HANDSHAKE'
  | 'E_ACTION_FAILED'
  | 'E_API_NOT_AVAILABLE'
  | 'E_API_TIMEOUT'
  | 'E_DRIVER_PART_MISSING'
  | 'E_PLUGIN_LOAD'
  | 'E_HANDLER'
  | 'E_CANCELLED'
  | 'E_PLUGIN_DISPOSED'
  | 'E_MIGRATION'
  | 'E_UNREACHABLE'
  | 'E_SEND_NOT_SUPPORTED'
  | 'E_HTTP'
  | 'E_BOT_OFFLINE'
  | 'E_UNKNOWN_OUTCOME'

export class NonebotError extends Error {
  readonly code: ErrorCode
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.name = new.target.name
  }
}

/** A configuration value is missing or wrong. The message names the key, the value and what was expected. */
export class ConfigError extends NonebotError {
  constructor(
    readonly key: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super('E_CONFIG', `Invalid configuration ${key}=${formatValue(value)}: expected ${expected}`)
  }
}

/** The transport failed: connection refused, socket closed while waiting, timeout. */
export class NetworkError extends NonebotError {
  constructor(message: string, options?: { cause?: unknown; code?: 'E_NETWORK' | 'E_API_TIMEOUT' }) {
    super(options?.code ?? 'E_NETWORK', message, options)
  }
}

/** A WebSocket server refused the upgrade with an HTTP status (401/403 are auth failures). */
export class WsHandshakeError extends NonebotError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super('E_WS_HANDSHAKE', message)
  }
}

/** The bot has no way to call actions (no WebSocket and no API root). */
export class ApiNotAvailable extends NonebotError {
  constructor(message: string) {
    super('E_API_NOT_AVAILABLE', message)
  }
}

/** A part of the driver needed by a connection mode is switched off by `DRIVER`. */
export class DriverPartMissing extends NonebotError {
  constructor(
    readonly part: string,
    message: string,
  ) {
    super('E_DRIVER_PART_MISSING', message)
  }
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

/** A plugin could not be loaded: not found, not a plugin, bad config, or its `setup` threw. */
export class PluginLoadError extends NonebotError {
  constructor(
    /** The plugin name, path or package that failed. */
    readonly spec: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('E_PLUGIN_LOAD', message, options)
  }
}

/**
 * Why a handler's work was cancelled: its plugin was unloaded (`unload`, also on reload), the app
 * is stopping (`shutdown`), or it ran past HANDLER_TIMEOUT (`timeout`).
 */
export type CancelReason = 'unload' | 'shutdown' | 'timeout'

/**
 * A conversation or handler was cancelled. `c.prompt()` rejects with it and `c.signal.reason` is it;
 * the runner treats it as a quiet end, not a failure. A prompt that simply got no answer in time
 * resolves `undefined` instead, so the two never look alike.
 */
export class CancelledError extends NonebotError {
  constructor(
    readonly reason: CancelReason,
    message: string,
  ) {
    super('E_CANCELLED', message)
  }
}

/** A plugin's `ctx` was used (to register something, or to send) after the plugin was unloaded. */
export class PluginDisposedError extends NonebotError {
  constructor(
    readonly plugin: string,
    what: string,
  ) {
    super(
      'E_PLUGIN_DISPOSED',
      `plugin "${plugin}" is unloaded: ${what} is no longer allowed (is a timer or a handler outliving the plugin?)`,
    )
  }
}

/** A plugin's database migration failed: the plugin does not load, the others run on. */
export class MigrationError extends NonebotError {
  constructor(
    readonly plugin: string,
    readonly migration: string,
    options?: { cause?: unknown },
  ) {
    const reason = (options?.cause as Error | undefined)?.message ?? String(options?.cause)
    super('E_MIGRATION', `migration "${migration}" of plugin "${plugin}" failed: ${reason}`, options)
  }
}

/** `sendTo` found no connected bot that can reach the target. */
export class UnreachableTarget extends NonebotError {
  constructor(message: string) {
    super('E_UNREACHABLE', message)
  }
}

/** The message (or a segment of it) cannot be sent by this bot: another adapter's segment, a bad media source. */
export class SendNotSupported extends NonebotError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_SEND_NOT_SUPPORTED', message, options)
  }
}

/** A `ctx.http` request failed: an error status (`status` set), a timeout, the plugin unloading, or the network. */
export class HttpError extends NonebotError {
  constructor(
    message: string,
    /** The response status, when the server answered. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super('E_HTTP', message, options)
  }
}
