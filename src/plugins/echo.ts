import { toMe } from '../matcher/rule.js'
import { definePlugin } from '../plugin/define-plugin.js'

/**
 * NoneBot's built-in echo: `/echo <text>` answers `<text>` (images and mentions kept) when the
 * message is addressed to the bot (private chat, @-mention or nickname).
 */
export const echo = definePlugin({
  name: 'echo',
  description: 'Repeats what you say after /echo',
  usage: '/echo <text>',
  type: 'application',
  setup(ctx) {
    ctx.command('echo', { rule: toMe }, async (c) => {
      if (c.argsMessage.length > 0) await c.send(c.argsMessage)
    })
  },
})
