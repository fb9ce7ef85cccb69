/** The connection modes the harness drives, named `<version>-<mode>`. */
export type Mode = 'v11-rws' | 'v11-fws' | 'v11-http' | 'v12-rws'

export const MODES: readonly Mode[] = ['v11-rws', 'v11-fws', 'v11-http', 'v12-rws']

export const MODE_LABEL: Record<Mode, string> = {
  'v11-rws': 'V11 reverse WS',
  'v11-fws': 'V11 forward WS',
  'v11-http': 'V11 HTTP POST',
  'v12-rws': 'V12 reverse WS',
}

/** What the load generator needs from one protocol version: frames to send and answers to give. */
export interface Wire {
  /** Frames sent right after a WebSocket opens (V11 lifecycle connect; V12 connect + status_update). */
  connectFrames(selfId: string): string[]
  /** A writer of private `/echo <token>` message events for one bot; templates are pre-serialised. */
  eventWriter(selfId: string): EventWriter
  /** The JSON of an action's `data` (message ids for sends, login info, version, ...). */
  actionData(action: string, selfId: string, messageId: number): string
  /** A WebSocket action response: `echoJson` is the request's echo, already serialised. */
  wsAnswer(data: string, echoJson: string): string
  /** An HTTP API response body. */
  httpAnswer(data: string): string
}

export type EventWriter = (seq: number, userId: number) => string
