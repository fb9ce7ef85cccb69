import { describe, expect, it } from 'vitest'
import { cqToSegments, segmentsToCq } from './cq.js'
import { renderMessage } from './render.js'

describe('renderMessage', () => {
  it('renders CQ strings readably and unescapes text', () => {
    expect(
      renderMessage('[CQ:reply,id=5][CQ:at,qq=123] look &#91;here&#93; [CQ:image,file=a.png][CQ:face,id=14]'),
    ).toBe('[reply]@123 look [here] [image][face:14]')
    expect(renderMessage('[CQ:at,qq=all] meeting')).toBe('@all meeting')
  })

  it('renders V11 arrays with names and V12 segments', () => {
    const v11 = [
      { type: 'at', data: { qq: '7', name: 'Bob' } },
      { type: 'text', data: { text: ' hi' } },
      { type: 'record', data: { file: 'x' } },
    ]
    expect(renderMessage(v11)).toBe('@Bob hi[voice]')
    expect(renderMessage(v11, { names: { '7': 'Robert' } })).toBe('@Robert hi[voice]')
    const v12 = [
      { type: 'reply', data: { message_id: '1' } },
      { type: 'mention', data: { user_id: 'u1' } },
      { type: 'text', data: { text: ' [CQ:face,id=1] stays literal' } },
      { type: 'mention_all', data: {} },
      { type: 'image', data: { file_id: 'f' } },
      { type: 'qq.unknown', data: {} },
    ]
    expect(renderMessage(v12)).toBe('[reply]@u1 [CQ:face,id=1] stays literal@all[image][qq.unknown]')
  })

  it('accepts a single segment, null and plain values', () => {
    expect(renderMessage({ type: 'text', data: { text: 'one' } })).toBe('one')
    expect(renderMessage(null)).toBe('')
    expect(
      renderMessage([
        { type: 'share', data: { title: 'Docs' } },
        { type: 'node', data: {} },
      ]),
    ).toBe('[share: Docs][forward]')
  })
})

describe('CQ codes', () => {
  it('escapes text and values, and round-trips', () => {
    const segments = [
      { type: 'text', data: { text: 'a&b [x], y' } },
      { type: 'image', data: { file: 'http://h/p?a=1,b=2', cache: 0 } },
    ]
    const cq = segmentsToCq(segments)
    expect(cq).toBe('a&amp;b &#91;x&#93;, y[CQ:image,file=http://h/p?a=1&#44;b=2,cache=0]')
    expect(cqToSegments(cq)).toEqual([
      { type: 'text', data: { text: 'a&b [x], y' } },
      { type: 'image', data: { file: 'http://h/p?a=1,b=2', cache: '0' } },
    ])
  })

  it('leaves malformed codes as text and decodes &amp; last', () => {
    expect(cqToSegments('[CQ:face, id=1]')).toEqual([{ type: 'text', data: { text: '[CQ:face, id=1]' } }])
    expect(cqToSegments('&amp;#91;')).toEqual([{ type: 'text', data: { text: '&#91;' } }])
  })
})
