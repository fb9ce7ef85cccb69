/**
 * The bot under stress, as its own process (so its memory is measured alone): both OneBot adapters
 * and the echo plugin, configured from the environment like a real bot, listening on port 0.
 * Prints `port <n>` once listening.
 */
import { onebotV11 } from '../../src/adapters/onebot/v11/index.js'
import { onebotV12 } from '../../src/adapters/onebot/v12/index.js'
import { createApp } from '../../src/app.js'
import { createLogger } from '../../src/log.js'
import { echo } from '../../src/plugins/echo.js'

const config: Record<string, unknown> = { host: '127.0.0.1', port: 0 }
for (const [key, value] of Object.entries(process.env)) {
  if (key.startsWith('STRESS_'))
    config[key.slice('STRESS_'.length).toLowerCase()] = Number.isNaN(Number(value)) ? value : Number(value)
}
const app = createApp({
  config,
  adapters: [onebotV11(), onebotV12()],
  logger: createLogger({ level: 'WARNING', format: 'json', destination: process.stderr }),
  plugins: [echo],
})
await app.start()
console.log(`port ${app.driver.server!.address()!.port}`)
process.on('SIGTERM', () => void app.stop().then(() => process.exit(0)))
