import { definePlugin } from 'nonebot-ts'

/**
 * `/hello Alice` answers `Hello, Alice!`. `/hello` alone asks for a name first: a two-step
 * conversation, the second message is the answer to the question.
 */
export default definePlugin({
  name: 'hello',
  description: 'Greets you by name',
  usage: '/hello [name]',
  setup(ctx) {
    ctx.command('hello', async (c) => {
      const name = c.args.trim() || (await c.prompt('What is your name?'))
      if (!name) await c.finish('Maybe next time.')
      await c.send(`Hello, ${name}!`)
    })
  },
})
