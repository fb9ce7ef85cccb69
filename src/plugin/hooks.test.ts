import { afterEach, describe, expect, it } from 'vitest'
import { mockResult } from '../adapter/api-hooks.js'
import { createFakeApp, type FakeApp, type FakeRegistry } from '../testing/fake-adapter.js'
import { pluginDefiner } from './define-plugin.js'

const definePlugin = pluginDefiner<FakeRegistry>()
let t: FakeApp
afterEach(async () => t?.stop())

describe('hooks', () => {
  it('runs startup/shutdown and bot connect/disconnect hooks, and unload removes them', async () => {
    const log: string[] = []
    const lifecycle = definePlugin({
      name: 'lifecycle',
      setup(ctx) {
        ctx.onStartup(() => void log.push('startup'))
        ctx.onShutdown(() => void log.push('shutdown'))
        ctx.onBotConnect((bot) => void log.push(`connect ${bot.selfId}`))
        ctx.onBotDisconnect((bot) => void log.push(`disconnect ${bot.selfId}`))
      },
    })
    t = await createFakeApp({ plugins: [lifecycle] })
    await new Promise((r) => setImmediate(r))
    const second = t.adapter.connect('2')
    t.adapter.disconnect(second)
    await new Promise((r) => setImmediate(r))
    expect(log).toEqual(['startup', 'connect 1', 'connect 2', 'disconnect 2'])
    await t.app.plugins.unload('lifecycle')
    t.adapter.connect('3')
    await t.stop()
    expect(log).toEqual(['startup', 'connect 1', 'connect 2', 'disconnect 2'])
  })

  it('a plugin loaded while the app runs gets its startup hook at once; require() loads built-ins by name', async () => {
    const log: string[] = []
    t = await createFakeApp()
    const late = definePlugin({
      name: 'late',
      async setup(ctx) {
        ctx.onStartup(() => void log.push('late startup'))
        log.push(`echo exports ${typeof (await ctx.require('echo'))}`)
      },
    })
    expect((await t.app.plugins.load(late)).ok).toBe(true)
    await new Promise((r) => setImmediate(r))
    expect(log.sort()).toEqual(['echo exports undefined', 'late startup'])
    expect(t.app.plugins.list().map((p) => p.name)).toEqual(['echo', 'late'])
    await t.app.plugins.unload('echo')
    expect(t.app.plugins.list()).toEqual([])
  })

  it('calling/called API hooks can alter params, mock a call and see results and errors', async () => {
    const seen: string[] = []
    t = await createFakeApp({
      plugins: [
        definePlugin({
          name: 'api',
          setup(ctx) {
            ctx.onCallingApi((call) => {
              if (call.action === 'get_status') return mockResult({ mocked: true })
              call.params.tagged = true
              return undefined
            })
            ctx.onCalledApi((call, outcome) => {
              seen.push(`${call.action} ${outcome.ok ? 'ok' : `failed: ${(outcome.error as Error).message}`}`)
              if (call.action === 'flaky') return mockResult('recovered')
              return undefined
            })
          },
        }),
      ],
    })
    t.bot.responder = (action) => {
      if (action === 'flaky' || action === 'broken') throw new Error(`${action} down`)
      return { action }
    }
    expect(await t.bot.callApi('get_status')).toEqual({ mocked: true })
    expect(await t.bot.callApi('send_msg', { a: 1 })).toEqual({ action: 'send_msg' })
    expect(t.bot.calls).toEqual([{ action: 'send_msg', params: { a: 1, tagged: true } }])
    expect(await t.bot.callApi('flaky')).toBe('recovered')
    await expect(t.bot.callApi('broken')).rejects.toThrow('broken down')
    // As in NoneBot, called hooks also see a call a calling hook mocked.
    expect(seen).toEqual([
      'get_status ok',
      'send_msg ok',
      'flaky failed: flaky down',
      'broken failed: broken down',
    ])
    await t.app.plugins.unload('api')
    expect(t.app.apiHooks.calling.size + t.app.apiHooks.called.size).toBe(0)
  })

  it('event and run pre/post-processors wrap matchers and can skip an event or a matcher', async () => {
    const log: string[] = []
    t = await createFakeApp({
      plugins: [
        definePlugin({
          name: 'processors',
          setup(ctx) {
            ctx.beforeEvent((c) => {
              log.push(`beforeEvent ${c.plainText}`)
              if (c.plainText === 'drop') c.skipEvent('dropped')
            })
            ctx.afterEvent((c) => void log.push(`afterEvent ${c.plainText}`))
            ctx.beforeRun((c) => {
              log.push(`beforeRun ${c.matcher.name}`)
              if (c.matcher.name === 'guarded' && !c.isSuperuser) c.skipMatcher('not allowed')
            })
            ctx.afterRun((c, error) => void log.push(`afterRun ${c.matcher.name} ${error ? 'error' : 'ok'}`))
            ctx.on(
              'message',
              { name: 'guarded', priority: 1, block: true },
              () => void log.push('guarded ran'),
            )
            ctx.on('message', { name: 'open', priority: 2 }, () => {
              log.push('open ran')
              throw new Error('oops')
            })
          },
        }),
      ],
    })
    await t.receive(t.adapter.privateMessage(t.bot, { text: 'drop' }))
    expect(log.splice(0)).toEqual(['beforeEvent drop'])
    await t.receive(t.adapter.privateMessage(t.bot, { text: 'go' }))
    // The skipped matcher did not run, so its `block` did not stop priority 2.
    expect(log.splice(0)).toEqual([
      'beforeEvent go',
      'beforeRun guarded',
      'beforeRun open',
      'open ran',
      'afterRun open error',
      'afterEvent go',
    ])
  })
})
