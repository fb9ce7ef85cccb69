import { expect, it } from 'vitest'
import { normaliseForwardNodes } from './forward-message.js'

const text = (t: string) => ({ type: 'text', data: { text: t } })

it('normalises the spec/Lagrange, go-cqhttp and NapCat shapes of get_forward_msg', () => {
  const spec = normaliseForwardNodes({
    message: [{ type: 'node', data: { user_id: '1', nickname: 'a', content: [text('hi')] } }],
  })
  const gocq = normaliseForwardNodes({
    messages: [
      { sender: { user_id: 1, nickname: 'a' }, time: 5, content: 'hi' },
      {
        sender: { user_id: 2, nickname: 'b' },
        time: 6,
        content: [{ sender: { user_id: 3, nickname: 'c' }, time: 7, content: 'deep' }],
      },
    ],
  })
  const napcat = normaliseForwardNodes({
    messages: [
      {
        post_type: 'message',
        message_id: 9,
        time: 5,
        sender: { user_id: 1, nickname: 'a' },
        message: [text('hi')],
      },
    ],
  })
  for (const nodes of [spec, gocq, napcat]) {
    expect(nodes[0]).toMatchObject({ userId: '1', nickname: 'a' })
    expect(nodes[0]!.message.segments).toEqual([text('hi')])
  }
  const nested = gocq[1]!.message.segments[0]!
  expect(nested.type).toBe('forward')
  expect((nested.data as { content: { userId: string }[] }).content[0]!.userId).toBe('3')
  expect(normaliseForwardNodes(null)).toEqual([])
})
