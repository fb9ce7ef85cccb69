import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createLogger, flushLogger, toPinoLevel } from './log.js'

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk))
      done()
    },
  })
  return { stream, text: () => chunks.join('') }
}

describe('toPinoLevel', () => {
  it.each([
    ['TRACE', 'trace'],
    ['debug', 'debug'],
    ['INFO', 'info'],
    ['SUCCESS', 'success'],
    ['WARNING', 'warn'],
    ['warn', 'warn'],
    ['ERROR', 'error'],
    ['CRITICAL', 'fatal'],
    ['SILENT', 'silent'],
    [undefined, 'info'],
  ])('maps the name %s to %s', (name, level) => {
    expect(toPinoLevel(name)).toBe(level)
  })

  it.each([
    [0, 'trace'],
    [5, 'trace'],
    [10, 'debug'],
    [15, 'info'],
    [20, 'info'],
    [25, 'success'],
    [30, 'warn'],
    [40, 'error'],
    [50, 'fatal'],
    [51, 'silent'],
  ])('maps the loguru number %d to %s (records at or above it)', (n, level) => {
    expect(toPinoLevel(n)).toBe(level)
  })
})

describe('createLogger', () => {
  it('writes one JSON object per line in json format, at the configured level', async () => {
    const out = capture()
    const logger = createLogger({ format: 'json', level: 'WARNING', destination: out.stream })
    logger.info('hidden')
    logger.warn({ port: 8080 }, 'shown')
    await flushLogger(logger)
    const lines = out.text().trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 40, msg: 'shown', port: 8080 })
    expect(logger.isLevelEnabled('info')).toBe(false)
  })

  it('supports loguru’s SUCCESS level between INFO and WARNING', () => {
    const out = capture()
    const logger = createLogger({ format: 'json', level: 'SUCCESS', destination: out.stream })
    const withSuccess = logger as typeof logger & { success: (msg: string) => void }
    logger.info('hidden')
    withSuccess.success('done')
    expect(JSON.parse(out.text().trim())).toMatchObject({ level: 35, msg: 'done' })
  })

  it('writes readable lines in pretty format, in-process and without colours when asked', () => {
    const out = capture()
    const logger = createLogger({
      format: 'pretty',
      level: 'DEBUG',
      destination: out.stream,
      colorize: false,
    })
    logger.debug('details')
    logger.info('listening on http://127.0.0.1:8080')
    const text = out.text()
    expect(text).toMatch(/\[\d\d:\d\d:\d\d\.\d{3}\] DEBUG: details\n/)
    expect(text).toMatch(/INFO: listening on http:\/\/127\.0\.0\.1:8080\n/)
    expect(text).not.toContain('{')
    expect(text).not.toContain('\u001b[')
  })

  it('colours the level in pretty format when colorize is on', () => {
    const out = capture()
    const logger = createLogger({ format: 'pretty', destination: out.stream, colorize: true })
    logger.error('bad')
    expect(out.text()).toContain('\u001b[')
    expect(out.text()).toContain('bad')
  })
})
