import { OneBotActionFailed } from '../shared/action-failed.js'

/** What a failed action looked like on the wire. */
export interface V12FailureInfo {
  readonly action: string
  readonly params: Readonly<Record<string, unknown>>
  readonly retcode: number
  readonly status: string
  readonly message: string
  readonly data: unknown
}

/**
 * An action answered `status: "failed"`. Subclasses follow the spec's retcode classes, so
 * `catch (e) { if (e instanceof V12RequestError) ... }` handles every 1xxxx code.
 */
export class V12ActionFailed extends OneBotActionFailed {
  /** Always present in V12 responses (-1 when the response lacked it). */
  declare readonly retcode: number
  readonly status: string
  readonly data: unknown

  constructor(info: V12FailureInfo) {
    super({ action: info.action, params: info.params, retcode: info.retcode, reason: info.message })
    this.status = info.status
    this.data = info.data
  }
}

/** The response lacked one of `status`, `retcode`, `data`, `message`. */
export class V12ActionMissingField extends V12ActionFailed {}

/** 1xxxx: the request was malformed. */
export class V12RequestError extends V12ActionFailed {}
export class V12BadRequest extends V12RequestError {}
export class V12UnsupportedAction extends V12RequestError {}
export class V12BadParam extends V12RequestError {}
export class V12UnsupportedParam extends V12RequestError {}
export class V12UnsupportedSegment extends V12RequestError {}
export class V12BadSegmentData extends V12RequestError {}
export class V12UnsupportedSegmentData extends V12RequestError {}
/** 10101: several bots on the connection and the request had no `self`. */
export class V12WhoAmI extends V12RequestError {}
/** 10102: `self` names no bot of this connection. */
export class V12UnknownSelf extends V12RequestError {}

/** 2xxxx: the implementation's handler failed. */
export class V12HandlerError extends V12ActionFailed {}
export class V12BadHandler extends V12HandlerError {}
export class V12InternalHandlerError extends V12HandlerError {}

/** 3xxxx: execution failed. */
export class V12ExecutionError extends V12ActionFailed {}
export class V12DatabaseError extends V12ExecutionError {}
export class V12FilesystemError extends V12ExecutionError {}
/** 33xxx: the implementation's own network request failed (not our transport). */
export class V12ExecutionNetworkError extends V12ExecutionError {}
export class V12PlatformError extends V12ExecutionError {}
export class V12LogicError extends V12ExecutionError {}
export class V12IAmTired extends V12ExecutionError {}

/** 6xxxx-9xxxx: implementation-defined. */
export class V12ExtendedError extends V12ActionFailed {}

type FailureClass = new (info: V12FailureInfo) => V12ActionFailed

const exact: ReadonlyMap<number, FailureClass> = new Map<number, FailureClass>([
  [10001, V12BadRequest],
  [10002, V12UnsupportedAction],
  [10003, V12BadParam],
  [10004, V12UnsupportedParam],
  [10005, V12UnsupportedSegment],
  [10006, V12BadSegmentData],
  [10007, V12UnsupportedSegmentData],
  [10101, V12WhoAmI],
  [10102, V12UnknownSelf],
  [20001, V12BadHandler],
  [20002, V12InternalHandlerError],
])

const execution: Readonly<Record<number, FailureClass>> = {
  31: V12DatabaseError,
  32: V12FilesystemError,
  33: V12ExecutionNetworkError,
  34: V12PlatformError,
  35: V12LogicError,
  36: V12IAmTired,
}

/** The error class for a retcode: exact code first, then its class by leading digits. */
export function failureClassFor(retcode: number): FailureClass {
  const known = exact.get(retcode)
  if (known) return known
  if (!Number.isInteger(retcode) || retcode < 10000 || retcode > 99999) return V12ActionFailed
  const head = Math.floor(retcode / 10000)
  if (head === 1) return V12RequestError
  if (head === 2) return V12HandlerError
  if (head === 3) return execution[Math.floor(retcode / 1000)] ?? V12ExecutionError
  if (head >= 6) return V12ExtendedError
  return V12ActionFailed
}

/**
 * Returns `data` of a successful response, or throws the typed failure. Success is
 * `status === "ok"`; responses missing a required field throw `V12ActionMissingField`.
 */
export function resultOf(
  response: Readonly<Record<string, unknown>>,
  action: string,
  params: Readonly<Record<string, unknown>>,
): unknown {
  const { status, retcode, message, data } = response
  if (
    typeof status !== 'string' ||
    typeof retcode !== 'number' ||
    !('data' in response) ||
    !('message' in response)
  ) {
    throw new V12ActionMissingField({
      action,
      params,
      retcode: typeof retcode === 'number' ? retcode : -1,
      status: String(status),
      message: `response lacks status, retcode, data or message: ${JSON.stringify(response).slice(0, 200)}`,
      data,
    })
  }
  if (status === 'ok') return data
  const Failure = failureClassFor(retcode)
  throw new Failure({
    action,
    params,
    retcode,
    status,
    message: typeof message === 'string' ? message : '',
    data,
  })
}
