import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { PluginLoadError } from '../../errors.js'
import type { Plugin } from '../../plugin/define-plugin.js'
import { definePlugin } from '../../plugin/define-plugin.js'
import { echo } from '../../plugins/echo.js'
import { createTestApp } from './index.js'

const broken = definePlugin({
  name: 'broken',
  setup() {
    throw new Error('weather API key missing')
  },
})

const strict = definePlugin({
  name: 'strict',
  config: { weather_cooldown: z.number().int().positive() },
  setup() {},
})

describe.each(['memory', 'wire'] as const)(
  'a plugin that fails to load fails createTestApp (%s)',
  (transport) => {
    it('names the plugin and the cause its setup threw', async () => {
      const failure = createTestApp({ plugins: [echo, broken], transport })
      await expect(failure).rejects.toThrow('plugin "broken" failed to load: weather API key missing')
      const error: unknown = await failure.catch((e: unknown) => e)
      expect(error).toBeInstanceOf(PluginLoadError)
      expect((error as PluginLoadError).spec).toBe('broken')
      expect(((error as PluginLoadError).cause as Error).message).toBe('weather API key missing')
    })

    it('names the configuration key that is wrong', async () => {
      const failure = createTestApp({ plugins: [strict], config: { WEATHER_COOLDOWN: -1 }, transport })
      await expect(failure).rejects.toThrow(/plugin "strict" failed to load: .*weather_cooldown/i)
    })
  },
)

it('a value that is not a plugin is refused the same way', async () => {
  const notAPlugin = { name: 'half' } as unknown as Plugin
  await expect(createTestApp({ plugins: [notAPlugin] })).rejects.toThrow('is not a plugin')
})

it('the plugins that do load still work, one test later', async () => {
  const t = await createTestApp({ plugins: [echo] })
  await t.say('/echo ok')
  t.shouldSend('ok')
  await t.stop()
})
