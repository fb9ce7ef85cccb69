/**
 * Minimal wire shapes for what the simulator sends and receives. They describe JSON on the wire,
 * not the adapters' full event types (those are wired in later).
 */

/** A V11 message segment (array format). */
export interface V11Segment {
  readonly type: string
  readonly data: Record<string, unknown> | null
}

/** A V11 message: CQ string or segment array (the two formats of the wire). */
export type V11Message = string | readonly V11Segment[]

export interface V11Sender {
  user_id?: number
  nickname?: string
  card?: string
  sex?: 'male' | 'female' | 'unknown'
  age?: number
  role?: 'owner' | 'admin' | 'member'
  title?: string
  level?: string
}

/** Any V11 event: the discriminators plus whatever the event carries. */
export interface V11WireEvent {
  time: number
  self_id: number
  post_type: 'message' | 'message_sent' | 'notice' | 'request' | 'meta_event' | (string & {})
  [field: string]: unknown
}

export interface V11MessageEvent extends V11WireEvent {
  post_type: 'message'
  message_type: 'private' | 'group'
  sub_type: string
  message_id: number
  user_id: number
  message: V11Message
  raw_message: string
  font: number
  sender: V11Sender
  group_id?: number
}

export interface V12Segment {
  readonly type: string
  readonly data: Record<string, unknown>
}

export interface V12Self {
  readonly platform: string
  readonly user_id: string
}

export interface V12WireEvent {
  id: string
  time: number
  type: 'meta' | 'message' | 'notice' | 'request' | (string & {})
  detail_type: string
  sub_type: string
  self?: V12Self
  [field: string]: unknown
}

export interface V12MessageEvent extends V12WireEvent {
  type: 'message'
  detail_type: 'private' | 'group'
  self: V12Self
  message_id: string
  message: V12Segment[]
  alt_message: string
  user_id: string
  group_id?: string
}

/** An action request as received from the framework (both versions). */
export interface WireActionRequest {
  readonly action: string
  readonly params: Record<string, unknown>
  readonly echo?: unknown
  /** V12 only. */
  readonly self?: V12Self
}
