// The ceiling: a bare `ws`/`node:http` server that parses each event, and for a private `/echo`
// message sends the reply action, nothing else. Config arrives as JSON in BENCH_CONFIG:
// { port, mode: 'v11-rws' | 'v11-fws' | 'v11-http' | 'v12-rws', wsUrls: string[], apiRoots: {} }.
import { Agent, createServer, request } from 'node:http'
import WebSocket, { WebSocketServer } from 'ws'

const config = JSON.parse(process.env.BENCH_CONFIG ?? '{}')
let echo = 0

/** The action for an event, or undefined when the event is not a private `/echo`. */
function actionFor(event) {
  if (event.post_type === 'message' && event.message_type === 'private') {
    const text = event.raw_message
    if (typeof text !== 'string' || !text.startsWith('/echo ')) return undefined
    const message = [{ type: 'text', data: { text: text.slice(6) } }]
    return { action: 'send_private_msg', params: { user_id: event.user_id, message } }
  }
  if (event.type === 'message' && event.detail_type === 'private') {
    const text = event.alt_message
    if (typeof text !== 'string' || !text.startsWith('/echo ')) return undefined
    const message = [{ type: 'text', data: { text: text.slice(6) } }]
    const params = { detail_type: 'private', user_id: event.user_id, message }
    return { action: 'send_message', params, self: event.self }
  }
  return undefined
}

function serve(socket) {
  socket.on('message', (data) => {
    let frame
    try {
      frame = JSON.parse(data.toString())
    } catch {
      return
    }
    const action = actionFor(frame)
    if (action === undefined) return
    action.echo = ++echo
    socket.send(JSON.stringify(action))
  })
  socket.on('error', () => {})
}

function dialForward(url) {
  const socket = new WebSocket(url, { perMessageDeflate: false })
  serve(socket)
  socket.on('error', () => setTimeout(() => dialForward(url), 100))
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 })

function callApi(root, action) {
  const body = JSON.stringify(action.params)
  const url = new URL(action.action, root)
  const req = request(
    {
      agent,
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
    },
    (res) => res.resume(),
  )
  req.on('error', () => {})
  req.end(body)
}

const server = createServer((req, res) => {
  if (req.method !== 'POST' || !req.url.startsWith('/onebot/v11')) {
    res.writeHead(404).end()
    return
  }
  const chunks = []
  req.on('data', (chunk) => chunks.push(chunk))
  req.on('end', () => {
    res.writeHead(204).end()
    let event
    try {
      event = JSON.parse(Buffer.concat(chunks).toString())
    } catch {
      return
    }
    const action = actionFor(event)
    const root = config.apiRoots?.[String(req.headers['x-self-id'])]
    if (action !== undefined && root !== undefined) callApi(root, action)
  })
})

if (config.mode === 'v11-rws' || config.mode === 'v12-rws') {
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: (protocols) => protocols.values().next().value ?? false,
  })
  server.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, serve)
  })
}
server.listen(config.port, '127.0.0.1', () => {
  if (config.mode === 'v11-fws') for (const url of config.wsUrls) dialForward(url)
})
