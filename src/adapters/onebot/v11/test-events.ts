/** Event payloads as V11 implementations post them. Test-only. */

// --- Events --------------------------------------------------------------------------------------

type Seg = { type: string; data: Record<string, unknown> }

/** A message as the implementation would post it. */
export function wireMessage(segments: Seg[], format: 'string' | 'array'): string | Seg[] {
  if (format === 'array') return segments
  return segments
    .map((s) =>
      s.type === 'text'
        ? String(s.data.text).replace(/&/g, '&amp;').replace(/\[/g, '&#91;').replace(/\]/g, '&#93;')
        : `[CQ:${s.type}${Object.entries(s.data)
            .map(
              ([k, v]) =>
                `,${k}=${String(v).replace(/&/g, '&amp;').replace(/\[/g, '&#91;').replace(/\]/g, '&#93;').replace(/,/g, '&#44;')}`,
            )
            .join('')}]`,
    )
    .join('')
}

let nextMessageId = 1

export function privateMessage(
  selfId: number,
  userId: number,
  segments: Seg[] | string,
  options: { format?: 'string' | 'array'; subType?: string; messageId?: number; postType?: string } = {},
): Record<string, unknown> {
  const segs = typeof segments === 'string' ? [{ type: 'text', data: { text: segments } }] : segments
  return {
    time: 1700000000,
    self_id: selfId,
    post_type: options.postType ?? 'message',
    message_type: 'private',
    sub_type: options.subType ?? 'friend',
    message_id: options.messageId ?? nextMessageId++,
    user_id: userId,
    message: wireMessage(segs, options.format ?? 'array'),
    raw_message: wireMessage(segs, 'string'),
    font: 0,
    sender: { user_id: userId, nickname: 'user', sex: 'unknown', age: 0 },
  }
}

export function groupMessage(
  selfId: number,
  groupId: number,
  userId: number,
  segments: Seg[] | string,
  options: { format?: 'string' | 'array'; role?: string; messageId?: number; postType?: string } = {},
): Record<string, unknown> {
  const segs = typeof segments === 'string' ? [{ type: 'text', data: { text: segments } }] : segments
  return {
    time: 1700000000,
    self_id: selfId,
    post_type: options.postType ?? 'message',
    message_type: 'group',
    sub_type: 'normal',
    message_id: options.messageId ?? nextMessageId++,
    group_id: groupId,
    user_id: userId,
    anonymous: null,
    message: wireMessage(segs, options.format ?? 'array'),
    raw_message: wireMessage(segs, 'string'),
    font: 0,
    sender: { user_id: userId, nickname: 'user', role: options.role ?? 'member' },
  }
}

export const lifecycle = (selfId: number, subType = 'connect') => ({
  time: 1700000000,
  self_id: selfId,
  post_type: 'meta_event',
  meta_event_type: 'lifecycle',
  sub_type: subType,
})

export const heartbeat = (selfId: number, interval: number) => ({
  time: 1700000000,
  self_id: selfId,
  post_type: 'meta_event',
  meta_event_type: 'heartbeat',
  status: { online: true, good: true },
  interval,
})
