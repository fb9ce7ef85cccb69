/**
 * The identity of an event for dropping duplicate deliveries (go-cqhttp retries an HTTP POST
 * that timed out; two channels configured for one bot deliver everything twice; some
 * implementations replay notices). Meta events are never deduplicated.
 */
export function dedupeKey(selfId: string, p: Readonly<Record<string, unknown>>): string | undefined {
  switch (p.post_type) {
    case 'message':
    case 'message_sent':
      if (p.message_id === undefined) return undefined
      return `${selfId}|${p.post_type}|${String(p.message_type)}|${String(p.message_id)}|${String(p.time)}`
    case 'request':
      return `${selfId}|request|${String(p.request_type)}|${String(p.flag)}`
    case 'notice':
      return `${selfId}|notice|${String(p.notice_type)}|${String(p.sub_type)}|${String(p.time)}|${String(p.group_id)}|${String(p.user_id)}|${String(p.operator_id)}|${String(p.target_id)}|${String(p.message_id)}`
    default:
      return undefined
  }
}
