/**
 * Stress: hostile and careless peers against one bot process on loopback, each case bounded.
 * For each case: the target's peak RSS (VmHWM, reset between cases), what the peer saw, and the
 * latency of a normal bot's `/echo` meanwhile. `npm run stress` (not part of `npm test`).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { connect as netConnect } from 'node:net'
import { fileURLToPath } from 'node:url'
import WebSocket from 'ws'

const TOKEN = 'good-token'
const MiB = 1024 * 1024

interface Row {
  readonly name: string
  readonly peakRssMb: number
  readonly startRssMb: number
  readonly peerSaw: string
  readonly echo: string
}

const target = await startTarget()
const base = `127.0.0.1:${target.port}`
const probe = await connectProbe()
const rows: Row[] = []

rows.push(await runCase('baseline (no attack)', async () => 'n/a'))
rows.push(await runCase('peer that stops reading (400 x 64 KiB replies)', stopsReading))
rows.push(await runCase('64 MiB WebSocket frame', bigFrame))
rows.push(await runCase('64 MiB HTTP body (Content-Length, then chunked)', bigBody))
rows.push(await runCase('500 slow-header connections', slowHeaders))
rows.push(await runCase('50 silent reverse-WS sockets', silentSockets))
rows.push(await runCase('5,000 bad-token upgrades', badTokens))

const table = [
  '| case | target RSS at start -> peak | what the peer saw | normal bot /echo (median / max) |',
  '| --- | --- | --- | --- |',
  ...rows.map(
    (r) =>
      `| ${r.name} | ${r.startRssMb.toFixed(0)} -> ${r.peakRssMb.toFixed(0)} MB | ${r.peerSaw} | ${r.echo} |`,
  ),
].join('\n')
console.log(table)
writeFileSync(fileURLToPath(new URL('../../bench/results/stress-latest.md', import.meta.url)), `${table}\n`)
probe.ws.terminate()
target.child.kill('SIGTERM')
process.exit(0)

// --- cases ---------------------------------------------------------------------------------

async function stopsReading(): Promise<string> {
  const ws = await openWs('/onebot/v11/ws', { 'x-self-id': '9001', authorization: `Bearer ${TOKEN}` })
  const closed = closeOf(ws)
  ws.pause()
  const text = 'x'.repeat(64 * 1024)
  for (let i = 0; i < 400; i++) ws.send(JSON.stringify(privateMessage(9001, i, `/echo ${text}`)))
  const logged = await waitFor(() => target.logs.some((l) => l.includes('closed (1013)')), 30_000)
  ws.resume()
  const code = await Promise.race([closed, sleep(5000).then(() => 'still open')])
  return `bot closed it (1013 logged: ${logged}); peer's close code ${code}`
}

async function bigFrame(): Promise<string> {
  const ws = await openWs('/onebot/v12/ws', { authorization: `Bearer ${TOKEN}` })
  const closed = closeOf(ws)
  ws.send(Buffer.alloc(64 * MiB, 0x61).toString())
  return `close ${await closed}`
}

async function bigBody(): Promise<string> {
  const headers = {
    'content-type': 'application/json',
    'x-self-id': '9002',
    authorization: `Bearer ${TOKEN}`,
  }
  const declared = await post({ ...headers, 'content-length': String(64 * MiB) }, 64)
  const chunked = await post(headers, 64)
  return `HTTP ${declared} (Content-Length), HTTP ${chunked} (chunked)`
}

async function slowHeaders(): Promise<string> {
  const counts = new Map<string, number>()
  await Promise.all(
    Array.from({ length: 500 }, async () => {
      const answer = await new Promise<string>((resolve) => {
        const socket = netConnect(target.port, '127.0.0.1')
        let data = ''
        socket.write('GET /onebot/v11/ws HTTP/1.1\r\nHost: x\r\n')
        const drip = setInterval(() => socket.writable && socket.write('X'), 1000)
        socket.on('data', (chunk) => {
          data += chunk.toString()
        })
        const done = () => {
          clearInterval(drip)
          resolve(/^HTTP\/1\.1 (\d+)/.exec(data)?.[1] ?? 'closed without answer')
        }
        socket.on('close', done)
        socket.on('error', done)
        setTimeout(() => socket.destroy(), 20_000).unref()
      })
      counts.set(answer, (counts.get(answer) ?? 0) + 1)
    }),
  )
  return [...counts].map(([status, n]) => `${n} x ${status}`).join(', ')
}

async function silentSockets(): Promise<string> {
  const sockets = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      openWs('/onebot/v11/ws', { 'x-self-id': String(9100 + i), authorization: `Bearer ${TOKEN}` }),
    ),
  )
  const codes = await Promise.all(sockets.map(closeOf))
  return histogram(codes.map((c) => `close ${c}`))
}

async function badTokens(): Promise<string> {
  const statuses: string[] = []
  let next = 0
  await Promise.all(
    Array.from({ length: 40 }, async () => {
      while (next < 5000) {
        next++
        statuses.push(await upgradeStatus({ 'x-self-id': '9500', authorization: 'Bearer wrong' }))
      }
    }),
  )
  const lines = target.logs.filter((l) => l.includes('access token does not match')).length
  return `${histogram(statuses.map((s) => `HTTP ${s}`))}; ${lines} log line(s)`
}

// --- the case runner: RSS peak and the normal bot's latency ---------------------------------

async function runCase(name: string, attack: () => Promise<string>): Promise<Row> {
  // Resets VmHWM to the current RSS, so the peak below is this case's.
  writeFileSync(`/proc/${target.child.pid}/clear_refs`, '5')
  const startRssMb = vmKb('VmRSS') / 1024
  let running = true
  const latencies: number[] = []
  const probing = (async () => {
    while (running) {
      latencies.push(await probe.echo())
      await sleep(100)
    }
  })()
  const started = Date.now()
  const peerSaw = await attack()
  if (Date.now() - started < 2000) await sleep(2000 - (Date.now() - started))
  running = false
  await probing
  const peakRssMb = vmKb('VmHWM') / 1024
  latencies.sort((a, b) => a - b)
  const median = latencies[Math.floor(latencies.length / 2)] ?? Number.NaN
  const max = latencies.at(-1) ?? Number.NaN
  const echo = `${median.toFixed(1)} / ${max.toFixed(1)} ms (${latencies.length} answered)`
  console.error(`${name}: peak ${peakRssMb.toFixed(0)} MB; ${peerSaw}; echo ${echo}`)
  return { name, peakRssMb, startRssMb, peerSaw, echo }
}

function vmKb(field: string): number {
  const status = readFileSync(`/proc/${target.child.pid}/status`, 'utf8')
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN)
}

// --- helpers -------------------------------------------------------------------------------

async function startTarget(): Promise<{ child: ChildProcess; port: number; logs: string[] }> {
  const env = {
    ...process.env,
    STRESS_ONEBOT_ACCESS_TOKEN: TOKEN,
    STRESS_WS_SILENT_TIMEOUT: '5',
  }
  const script = fileURLToPath(new URL('./target.ts', import.meta.url))
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const logs: string[] = []
  child.stderr!.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line) continue
      try {
        logs.push(String((JSON.parse(line) as { msg?: unknown }).msg))
      } catch {
        logs.push(line)
      }
    }
  })
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /port (\d+)/.exec(chunk.toString())
      if (match) resolve(Number(match[1]))
    })
    child.once('exit', (code) => reject(new Error(`target exited (${code}): ${logs.join('\n')}`)))
  })
  return { child, port, logs }
}

interface Probe {
  readonly ws: WebSocket
  echo(): Promise<number>
}

async function connectProbe(): Promise<Probe> {
  const ws = await openWs('/onebot/v11/ws', { 'x-self-id': '1', authorization: `Bearer ${TOKEN}` })
  const waiting = new Map<string, () => void>()
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as {
      action?: string
      echo?: string
      params?: { message?: unknown }
    }
    if (frame.action !== 'send_private_msg') return
    ws.send(JSON.stringify({ status: 'ok', retcode: 0, data: { message_id: 1 }, echo: frame.echo }))
    const text = JSON.stringify(frame.params?.message)
    for (const [key, done] of waiting) if (text.includes(key)) done()
  })
  let n = 0
  return {
    ws,
    echo: () =>
      new Promise<number>((resolve) => {
        const key = `probe-${++n}`
        const start = performance.now()
        const timer = setTimeout(() => {
          waiting.delete(key)
          resolve(Number.POSITIVE_INFINITY)
        }, 10_000)
        waiting.set(key, () => {
          clearTimeout(timer)
          waiting.delete(key)
          resolve(performance.now() - start)
        })
        ws.send(JSON.stringify(privateMessage(1, n, `/echo ${key}`)))
      }),
  }
}

function privateMessage(selfId: number, id: number, text: string): object {
  return {
    time: 1,
    self_id: selfId,
    post_type: 'message',
    message_type: 'private',
    sub_type: 'friend',
    message_id: id,
    user_id: 42,
    message: [{ type: 'text', data: { text } }],
    raw_message: text,
    font: 0,
    sender: { user_id: 42 },
  }
}

function openWs(path: string, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${base}${path}`, {
      headers,
      perMessageDeflate: false,
      maxPayload: 256 * MiB,
    })
    ws.on('error', () => {})
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused ${res.statusCode}`)))
  })
}

function upgradeStatus(headers: Record<string, string>): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://${base}/onebot/v11/ws`, { headers })
    ws.on('error', (error) => resolve(`error ${error.message}`))
    ws.once('open', () => {
      ws.terminate()
      resolve('101')
    })
    ws.once('unexpected-response', (_req, res) => {
      res.resume()
      resolve(String(res.statusCode))
      ws.terminate()
    })
  })
}

function closeOf(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)))
}

/** POSTs `mib` MiB in 1 MiB chunks (stops writing once answered); resolves with the status. */
function post(headers: Record<string, string>, mib: number): Promise<string> {
  return new Promise((resolve) => {
    const req = request(`http://${base}/onebot/v11/`, { method: 'POST', headers }, (res) => {
      res.resume()
      answered = true
      resolve(String(res.statusCode))
    })
    let answered = false
    req.on('error', (error) => resolve(answered ? 'answered' : `error ${error.message}`))
    const chunk = Buffer.alloc(MiB, 0x20)
    let sent = 0
    const write = () => {
      while (!answered && sent < mib) {
        sent++
        if (!req.write(chunk)) return void req.once('drain', write)
      }
      req.end()
    }
    write()
  })
}

function histogram(items: readonly string[]): string {
  const counts = new Map<string, number>()
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1)
  return [...counts].map(([item, n]) => `${n} x ${item}`).join(', ')
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (check()) return true
    await sleep(50)
  }
  return false
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
