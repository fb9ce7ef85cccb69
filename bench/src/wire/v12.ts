import type { EventWriter, Wire } from './mode.js'
import { tokenText } from './token.js'

// OneBot V12 frames as Walle-Q/ComWeChat send them. Same wire format as the simulator in
// src/testing/simulator.

const PLATFORM = 'qq'

function selfJson(selfId: string): string {
  return '{"platform":"' + PLATFORM + '","user_id":"' + selfId + '"}'
}

function eventWriter(selfId: string): EventWriter {
  const a = '{"id":"e'
  const b = '","time":' + Date.now() / 1000 + ',"type":"message","detail_type":"private","sub_type":"",'
  const c = '"message_id":"m'
  const d = '","self":' + selfJson(selfId) + ',"message":[{"type":"text","data":{"text":"/echo '
  const e = '"}}],"alt_message":"/echo '
  const f = '","user_id":"'
  return (seq, userId) => {
    const token = tokenText(seq)
    return a + seq + b + c + seq + d + token + e + token + f + userId + '"}'
  }
}

export const v12Wire: Wire = {
  connectFrames: (selfId) => {
    const time = Date.now() / 1000
    return [
      '{"id":"connect","time":' +
        time +
        ',"type":"meta","detail_type":"connect","sub_type":"",' +
        '"version":{"impl":"bench","version":"1.0.0","onebot_version":"12"}}',
      '{"id":"status","time":' +
        time +
        ',"type":"meta","detail_type":"status_update","sub_type":"",' +
        '"status":{"good":true,"bots":[{"self":' +
        selfJson(selfId) +
        ',"online":true}]}}',
    ]
  },
  eventWriter,
  actionData(action, selfId, messageId) {
    switch (action) {
      case 'send_message':
        return '{"message_id":"' + messageId + '","time":' + Date.now() / 1000 + '}'
      case 'get_self_info':
        return '{"user_id":"' + selfId + '","user_name":"bench","user_displayname":""}'
      case 'get_version':
        return '{"impl":"bench","version":"1.0.0","onebot_version":"12"}'
      case 'get_status':
        return '{"good":true,"bots":[{"self":' + selfJson(selfId) + ',"online":true}]}'
      case 'get_supported_actions':
        return '["send_message","get_self_info","get_version","get_status","get_supported_actions"]'
      default:
        return 'null'
    }
  },
  wsAnswer: (data, echoJson) =>
    '{"status":"ok","retcode":0,"data":' + data + ',"message":"","echo":' + echoJson + '}',
  httpAnswer: (data) => '{"status":"ok","retcode":0,"data":' + data + ',"message":""}',
}
