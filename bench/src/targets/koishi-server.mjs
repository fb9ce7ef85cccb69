// Koishi 4.18 + koishi-plugin-adapter-onebot as a benchmark target, set up programmatically (no
// koishi.yml, no Loader): the server and http services, one OneBot bot per self id, and an `echo`
// command equivalent to nonebot-ts's built-in echo plugin. Config arrives as JSON in BENCH_CONFIG:
// { port, mode: 'v11-rws' | 'v11-fws' | 'v11-http', selfIds: string[], generatorPort }.
import { createRequire } from 'node:module'

// Koishi's ESM entry fails to load on Node 20 (`Loader.extensions` is undefined), so load it the way
// `koishi start` does: through CommonJS.
const require = createRequire(import.meta.url)
const { Context, Logger } = require('koishi')
const { HTTP } = require('@koishijs/plugin-http')
const Server = require('@koishijs/plugin-server').default
const OneBot = require('koishi-plugin-adapter-onebot').default

const config = JSON.parse(process.env.BENCH_CONFIG ?? '{}')
// Warnings and errors only, like LOG_LEVEL=WARNING for nonebot-ts.
Logger.levels.base = 1

const ctx = new Context({ prefix: ['/'] })
ctx.plugin(HTTP)
ctx.plugin(Server, { host: '127.0.0.1', port: config.port, maxPort: config.port })

// adapter-onebot 6.9.4 reads the event from `ctx.body` (Koa's *response* body), but plugin-server's
// koa-body puts it in `ctx.request.body`, so HTTP POST crashes the process on the first event
// ("Cannot read properties of undefined (reading 'self_tiny_id')"). Hand the handler the parsed body.
if (config.mode === 'v11-http') {
  ctx.plugin({
    name: 'bench-http-body-shim',
    inject: ['server'],
    apply(ctx) {
      const server = ctx.server
      const post = server.post
      server.post = function (path, ...handlers) {
        const wrapped = handlers.map((handler) => (c, next) => {
          if (c.body === undefined) c.body = c.request.body
          return handler(c, next)
        })
        return post.call(this, path, ...wrapped)
      }
    },
  })
}

for (const selfId of config.selfIds) {
  if (config.mode === 'v11-rws') {
    ctx.plugin(OneBot, { selfId, protocol: 'ws-reverse', path: '/onebot/v11/ws' })
  } else if (config.mode === 'v11-fws') {
    const endpoint = `ws://127.0.0.1:${config.generatorPort}/bot/${selfId}`
    ctx.plugin(OneBot, { selfId, protocol: 'ws', endpoint, retryInterval: 200, retryTimes: 1000 })
  } else if (config.mode === 'v11-http') {
    const endpoint = `http://127.0.0.1:${config.generatorPort}/bot/${selfId}`
    ctx.plugin(OneBot, { selfId, protocol: 'http', path: '/onebot/v11/', endpoint })
  } else {
    throw new Error(`koishi target: unsupported mode ${config.mode}`)
  }
}

ctx.command('echo <message:text>').action((_, message) => message)

await ctx.start()
