import { describe, expect, it } from 'vitest'
import { V11Message } from './message.js'
import { normaliseMessage } from './to-me.js'

const at = (qq: string) => ({ type: 'at', data: { qq } })
const text = (t: string) => ({ type: 'text', data: { text: t } })
const group = (
  segments: object[],
  nicknames: string[] = [],
  reply?: Parameters<typeof normaliseMessage>[1]['reply'],
) => normaliseMessage(V11Message.fromWire(segments), { selfId: '10', isPrivate: false, nicknames, reply })

describe('to_me normalisation (as NoneBot, on a copy)', () => {
  it('strips up to two leading @bot and the space after', () => {
    const original = V11Message.fromWire([at('10'), text(' '), at('10'), text('  hi')])
    const out = normaliseMessage(original, {
      selfId: '10',
      isPrivate: false,
      nicknames: [],
      reply: undefined,
    })
    expect(out).toEqual({ toMe: true, message: expect.anything() })
    expect(out.message.segments).toEqual([text('hi')])
    expect(original.segments).toHaveLength(4)
  })

  it('strips a trailing @bot (before whitespace-only text)', () => {
    const out = group([text('hi '), at('10'), text(' ')])
    expect([out.toMe, out.message.segments]).toEqual([true, [text('hi ')]])
  })

  it('ignores @ of someone else and an @bot in the middle', () => {
    expect(group([at('11'), text(' hi')]).toMe).toBe(false)
    expect(group([text('a '), at('10'), text(' b')]).toMe).toBe(false)
  })

  it('matches a nickname prefix case-insensitively and strips it with separators', () => {
    const out = group([text('Bot，  hello')], ['bot'])
    expect([out.toMe, out.message.segments]).toEqual([true, [text('hello')]])
  })

  it('private messages are always to me; an empty message becomes one empty text', () => {
    const out = normaliseMessage(V11Message.fromWire([]), {
      selfId: '10',
      isPrivate: true,
      nicknames: [],
      reply: undefined,
    })
    expect([out.toMe, out.message.segments]).toEqual([true, [text('')]])
  })

  it('drops the reply segment and the auto-@ of the quoted author; to me only when the author is the bot', () => {
    const segs = [{ type: 'reply', data: { id: '5' } }, at('20'), text(' yes')]
    const other = group(segs, [], {
      id: '5',
      segment: segs[0] as never,
      message: { sender: { user_id: 20 } } as never,
    })
    expect([other.toMe, other.message.segments]).toEqual([false, [text('yes')]])
    const mine = group([{ type: 'reply', data: { id: '5' } }, at('10'), text(' yes')], [], {
      id: '5',
      segment: segs[0] as never,
      message: { sender: { user_id: 10 } } as never,
    })
    expect([mine.toMe, mine.message.segments]).toEqual([true, [text('yes')]])
  })

  it('when get_msg failed, still drops the reply segment so a following @bot counts', () => {
    const out = group([{ type: 'reply', data: { id: '5' } }, at('10'), text(' yes')], [], {
      id: '5',
      segment: { type: 'reply', data: { id: '5' } },
      message: undefined,
    })
    expect([out.toMe, out.message.segments]).toEqual([true, [text('yes')]])
  })
})
