import { describe, expect, it } from 'vitest'
import { escapeCq, parseCq, unescapeCq } from './cq-code.js'
import { V11Message } from './message.js'
import { MessageSegment } from './message-segment.js'

describe('CQ codes', () => {
  it('parses text and codes, unescaping text and values', () => {
    expect(parseCq('a &#91;b&#93; [CQ:face,id=1]c[CQ:share,url=http://x?a=1&amp;b=2,title=t&#44;u]')).toEqual(
      [
        { type: 'text', data: { text: 'a [b] ' } },
        { type: 'face', data: { id: '1' } },
        { type: 'text', data: { text: 'c' } },
        { type: 'share', data: { url: 'http://x?a=1&b=2', title: 't,u' } },
      ],
    )
  })

  it('decodes &amp; last so &amp;#91; stays the literal &#91;', () => {
    expect(unescapeCq('&amp;#91;')).toBe('&#91;')
    expect(escapeCq('&#91;')).toBe('&amp;#91;')
  })

  it('decodes &#44; in text too', () => {
    expect(parseCq('a&#44;b')).toEqual([{ type: 'text', data: { text: 'a,b' } }])
  })

  it('keeps malformed codes as text (spaces, unclosed) and accepts params with = in the value, empty values, no params and a trailing comma', () => {
    expect(parseCq('[CQ:face, id=1]')).toEqual([{ type: 'text', data: { text: '[CQ:face, id=1]' } }])
    expect(parseCq('[CQ:face,id=1')).toEqual([{ type: 'text', data: { text: '[CQ:face,id=1' } }])
    expect(parseCq('[CQ:x,title=a=b,name=][CQ:shake][CQ:face,id=1,]')).toEqual([
      { type: 'x', data: { title: 'a=b', name: '' } },
      { type: 'shake', data: {} },
      { type: 'face', data: { id: '1' } },
    ])
  })

  it('serialises with escaping (commas only in values) and round-trips', () => {
    const message = new V11Message([
      MessageSegment.text('a,[b]&'),
      MessageSegment.share('http://x/?a=1,2', 'T]'),
      MessageSegment.json({ k: 'v,w' }),
    ])
    const cq = message.toString()
    expect(cq).toBe(
      'a,&#91;b&#93;&amp;[CQ:share,url=http://x/?a=1&#44;2,title=T&#93;][CQ:json,data={"k":"v&#44;w"}]',
    )
    expect(V11Message.fromCQ(cq).segments.slice(0, 2)).toEqual(message.segments.slice(0, 2))
  })
})

describe('V11Message', () => {
  it('treats strings as plain text, never as CQ codes', () => {
    const message = new V11Message('[CQ:face,id=1]').concat('[CQ:at,qq=all]')
    expect(message.segments.map((s) => s.type)).toEqual(['text', 'text'])
    expect(message.toString()).toBe('&#91;CQ:face,id=1&#93;&#91;CQ:at,qq=all&#93;')
  })

  it('accepts CQ strings, arrays, a single segment, null data and falls back to raw_message', () => {
    expect(V11Message.fromWire('[CQ:at,qq=1] hi').segments).toEqual([
      { type: 'at', data: { qq: '1' } },
      { type: 'text', data: { text: ' hi' } },
    ])
    expect(V11Message.fromWire([{ type: 'shake', data: null }]).segments).toEqual([
      { type: 'shake', data: {} },
    ])
    expect(V11Message.fromWire({ type: 'face', data: { id: 1 } }).segments).toEqual([
      { type: 'face', data: { id: 1 } },
    ])
    expect(V11Message.fromWire(undefined, 'raw').extractPlainText()).toBe('raw')
    expect(V11Message.fromWire(undefined).length).toBe(0)
  })

  it('serialises to a segment array in JSON and keeps unknown segment types untouched', () => {
    const message = V11Message.fromWire([
      { type: 'brand_new', data: { x: 1 } },
      { type: 'text', data: { text: 'a' } },
    ])
    expect(JSON.parse(JSON.stringify({ message }))).toEqual({
      message: [
        { type: 'brand_new', data: { x: 1 } },
        { type: 'text', data: { text: 'a' } },
      ],
    })
  })

  it('merges adjacent text with reduce()', () => {
    expect(new V11Message([MessageSegment.text('a'), MessageSegment.text('b')]).reduce().segments).toEqual([
      { type: 'text', data: { text: 'ab' } },
    ])
  })
})

describe('MessageSegment builders', () => {
  it('stringifies parameters as V11 wants and encodes bytes as base64://', () => {
    expect(MessageSegment.at(123)).toEqual({ type: 'at', data: { qq: '123' } })
    expect(MessageSegment.image(new Uint8Array([1, 2, 3]))).toEqual({
      type: 'image',
      data: { file: 'base64://AQID', cache: 'true', proxy: 'true' },
    })
    expect(MessageSegment.record('file:///a.amr', { magic: true })).toEqual({
      type: 'record',
      data: { file: 'file:///a.amr', magic: 'true' },
    })
    expect(MessageSegment.location(1.5, 2)).toEqual({ type: 'location', data: { lat: '1.5', lon: '2' } })
    expect(MessageSegment.musicCustom('u', 'a', 't')).toEqual({
      type: 'music',
      data: { type: 'custom', url: 'u', audio: 'a', title: 't' },
    })
    expect(MessageSegment.nodeCustom(1, 'n', 'hi')).toEqual({
      type: 'node',
      data: { user_id: '1', nickname: 'n', content: [{ type: 'text', data: { text: 'hi' } }] },
    })
    expect(MessageSegment.reply(-5)).toEqual({ type: 'reply', data: { id: '-5' } })
  })
})
