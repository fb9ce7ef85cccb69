import { definePlugin } from 'nonebot-ts'

/**
 * `/roll 2 20` rolls two twenty-sided dice. The declaration types the arguments: `c.args.count`
 * is a whole number, `c.args.sides` a number with a default, `c.opts.sum` a boolean. A wrong
 * argument is answered with the usage line and never reaches the handler; `/roll --help` shows it.
 */
export default definePlugin({
  name: 'dice',
  description: 'Rolls dice',
  setup(ctx) {
    ctx.cmd('roll <count:integer> [sides:integer=6] --sum', async (c) => {
      const count = Math.min(Math.max(c.args.count, 1), 10)
      const rolls = Array.from({ length: count }, () => 1 + Math.floor(Math.random() * c.args.sides))
      const total = rolls.reduce((a, b) => a + b, 0)
      await c.send(c.opts.sum ? `${rolls.join(' + ')} = ${total}` : rolls.join(' '))
    })
  },
})
