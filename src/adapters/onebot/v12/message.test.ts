import { describe, expect, it } from 'vitest'
import { V12MessageSegment as seg, V12Message } from './message.js'

describe('V12Message', () => {
  it('takes strings as one literal text segment (no escaping, no codes)', () => {
    const m = new V12Message('[CQ:face,id=1] &#91;')
    expect(m.segments).toEqual([{ type: 'text', data: { text: '[CQ:face,id=1] &#91;' } }])
    expect(JSON.stringify(m)).toBe('[{"type":"text","data":{"text":"[CQ:face,id=1] &#91;"}}]')
  })

  it('builds every standard segment with the spec field names', () => {
    expect(seg.mention('1')).toEqual({ type: 'mention', data: { user_id: '1' } })
    expect(seg.mentionAll()).toEqual({ type: 'mention_all', data: {} })
    for (const type of ['image', 'voice', 'audio', 'video', 'file'] as const) {
      expect(seg[type]('f')).toEqual({ type, data: { file_id: 'f' } })
    }
    expect(seg.location(31.2, 121.5, 'T', 'C')).toEqual({
      type: 'location',
      data: { latitude: 31.2, longitude: 121.5, title: 'T', content: 'C' },
    })
    expect(seg.reply('m')).toEqual({ type: 'reply', data: { message_id: 'm' } })
    expect(seg.reply('m', 'u')).toEqual({ type: 'reply', data: { message_id: 'm', user_id: 'u' } })
    expect(seg.image('f', { url: 'http://x' })).toEqual({
      type: 'image',
      data: { url: 'http://x', file_id: 'f' },
    })
  })

  it('round-trips unknown segment types unchanged', () => {
    const raw = [
      { type: 'qq.face', data: { id: '1', 'qq.big': true } },
      { type: 'text', data: { text: 'x' } },
    ]
    const m = new V12Message(raw)
    expect(JSON.parse(JSON.stringify(m))).toEqual(raw)
    expect(m.only('text')).toHaveLength(1)
  })

  it('concatenates strings as text and renders rich text for logs', () => {
    const m = new V12Message(seg.mention('1')).concat(' hi')
    expect(m.length).toBe(2)
    expect(m.toString()).toBe('[mention:user_id=1] hi')
    expect(m.extractPlainText()).toBe(' hi')
  })
})
