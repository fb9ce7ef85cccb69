import { describe, expectTypeOf, it } from 'vitest'
import type { Message } from '../message/message.js'
import { definePlugin } from '../plugin/define-plugin.js'
import type { ImageArg, SignatureArgs, SignatureOpts } from './signature-types.js'

describe('declaration strings narrow c.args and c.opts', () => {
  it('infers argument and option types from the declaration', () => {
    type S =
      'roll <count:number> [sides:number=6] [label] -p, --private --times <n:integer> --mode <m:text=fast>'
    expectTypeOf<SignatureArgs<S>>().toEqualTypeOf<{
      readonly count: number
      readonly sides: number
      readonly label: string | undefined
    }>()
    expectTypeOf<SignatureOpts<S>>().toEqualTypeOf<{
      readonly private: boolean
      readonly times: number | undefined
      readonly mode: string
    }>()
  })

  it('knows every argument type', () => {
    type S = 'x <a:text> <b:integer> <c:boolean> <d:user> <e:image> [f:message]'
    expectTypeOf<SignatureArgs<S>>().toEqualTypeOf<{
      readonly a: string
      readonly b: number
      readonly c: boolean
      readonly d: string
      readonly e: ImageArg
      readonly f: Message | undefined
    }>()
    expectTypeOf<SignatureArgs<'say <words:rest>'>>().toEqualTypeOf<{ readonly words: string }>()
    expectTypeOf<SignatureOpts<'plain'>>().toEqualTypeOf<{}>()
  })

  it('types the handler context of ctx.cmd without casts', () => {
    definePlugin({
      name: 'dice',
      setup(ctx) {
        ctx.cmd('roll <count:number> [sides:number=6] --private', (c) => {
          expectTypeOf(c.args.count).toEqualTypeOf<number>()
          expectTypeOf(c.args.sides).toEqualTypeOf<number>()
          expectTypeOf(c.opts.private).toEqualTypeOf<boolean>()
          expectTypeOf(c.command).toEqualTypeOf<readonly string[]>()
          // @ts-expect-error not declared
          c.args.nope
        })
        ctx.cmd(
          'ban <who:user> --days <d:integer=1>',
          { help: { who: 'the user', days: 'how long' }, cooldown: '10s' },
          (c) => {
            expectTypeOf(c.args.who).toEqualTypeOf<string>()
            expectTypeOf(c.opts.days).toEqualTypeOf<number>()
          },
        )
        // @ts-expect-error help names only declared arguments and options
        ctx.cmd('kick <who:user>', { help: { whom: 'typo' } })
        ctx.command('echo', (c) => {
          expectTypeOf(c.args).toEqualTypeOf<string>()
        })
      },
    })
  })
})
