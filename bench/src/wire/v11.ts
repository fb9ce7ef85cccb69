import type { EventWriter, Wire } from './mode.js'
import { tokenText } from './token.js'

// OneBot V11 frames as NapCat/Lagrange send them (array message format). Same wire format as the
// simulator in src/testing/simulator.

const SEND_ACTIONS = new Set(['send_msg', 'send_private_msg', 'send_group_msg', 'send_guild_channel_msg'])

function eventWriter(selfId: string): EventWriter {
  // Only the numbers and the token change between events: concatenate pre-serialised pieces.
  const head = '{"time":' + Math.floor(Date.now() / 1000) + ',"self_id":' + selfId + ','
  const a = '"post_type":"message","message_type":"private","sub_type":"friend","message_id":'
  const b = ',"user_id":'
  const c = ',"message":[{"type":"text","data":{"text":"/echo '
  const d = '"}}],"raw_message":"/echo '
  const e = '","font":0,"sender":{"user_id":'
  const f = ',"nickname":"bench","sex":"unknown","age":0}}'
  return (seq, userId) => {
    const token = tokenText(seq)
    return head + a + seq + b + userId + c + token + d + token + e + userId + f
  }
}

export const v11Wire: Wire = {
  connectFrames: (selfId) => [
    '{"time":' +
      Math.floor(Date.now() / 1000) +
      ',"self_id":' +
      selfId +
      ',"post_type":"meta_event","meta_event_type":"lifecycle","sub_type":"connect"}',
  ],
  eventWriter,
  actionData(action, selfId, messageId) {
    if (SEND_ACTIONS.has(action)) return '{"message_id":' + messageId + '}'
    switch (action) {
      case 'get_login_info':
        return '{"user_id":' + selfId + ',"nickname":"bench"}'
      case 'get_version_info':
        return '{"app_name":"nbts-bench","app_version":"1.0.0","protocol_version":"v11"}'
      case 'get_status':
        return '{"online":true,"good":true}'
      case 'get_friend_list':
      case 'get_group_list':
        return '[]'
      default:
        return 'null'
    }
  },
  wsAnswer: (data, echoJson) => '{"status":"ok","retcode":0,"data":' + data + ',"echo":' + echoJson + '}',
  httpAnswer: (data) => '{"status":"ok","retcode":0,"data":' + data + '}',
}
