import { type ErrorCode, NonebotError } from '../errors.js'

/**
 * No gateway holds the bot's connection (the broker answered "no responders" at once): the bot is
 * offline, or the broker is unreachable. The action was not delivered, so a retry is safe.
 */
export class BotOffline extends NonebotError {
  constructor(
    readonly adapter: string,
    readonly selfId: string,
    reason: string,
  ) {
    super('E_BOT_OFFLINE', `bot ${selfId} (${adapter}) is offline: ${reason}`)
  }
}

/**
 * The gateway did not answer in time: the action may or may not have been done (a message may
 * have been sent). Never retry a `send_*` on this error.
 */
export class UnknownOutcome extends NonebotError {
  constructor(
    readonly action: string,
    readonly selfId: string,
    waitedMs: number,
  ) {
    super(
      'E_UNKNOWN_OUTCOME',
      `action ${action} of bot ${selfId}: no answer from its gateway within ${waitedMs} ms; it may or may not have been done`,
    )
  }
}

/**
 * An action failed in the gateway (the implementation refused it, timed out, ...). It keeps the
 * error's `code` (`E_ACTION_FAILED`, `E_API_TIMEOUT` ...), its class name in `remoteName`, and
 * the OneBot `retcode` when there was one; not its class.
 */
export class RemoteActionError extends NonebotError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly remoteName: string,
    readonly retcode: number | undefined,
  ) {
    super(code, message)
  }
}
