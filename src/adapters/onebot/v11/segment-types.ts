/**
 * V11 message segments (`{type, data}`), one interface per type. The spec says every `data` value
 * is a string; NapCat and Lagrange send numbers in some fields, so extra fields are `unknown`.
 * `UnknownSegment` carries any other type untouched through parse and send.
 */
import type { Segment } from '../../../message/segment.js'

type Data<D> = D & { readonly [extra: string]: unknown }
type Seg<T extends string, D> = Segment<T, Data<D>>

/** `'0'/'1'`, `'true'/'false'`, `'yes'/'no'`: V11 boolean-ish parameter values. */
export type Flag = string

export type TextSegment = Seg<'text', { text: string }>
export type FaceSegment = Seg<'face', { id: string }>
export type ImageSegment = Seg<
  'image',
  {
    file: string
    type?: 'flash' | 'show' | string
    url?: string
    cache?: Flag
    proxy?: Flag
    timeout?: string
    summary?: string
  }
>
export type RecordSegment = Seg<
  'record',
  { file: string; magic?: Flag; url?: string; cache?: Flag; proxy?: Flag; timeout?: string }
>
export type VideoSegment = Seg<
  'video',
  { file: string; url?: string; cover?: string; cache?: Flag; proxy?: Flag; timeout?: string }
>
/** `qq` is a user id or `all`. */
export type AtSegment = Seg<'at', { qq: string; name?: string }>
export type RpsSegment = Seg<'rps', { result?: string }>
export type DiceSegment = Seg<'dice', { result?: string }>
export type ShakeSegment = Seg<'shake', {}>
export type PokeSegment = Seg<'poke', { type?: string; id?: string; name?: string; qq?: string }>
export type AnonymousSegment = Seg<'anonymous', { ignore?: Flag }>
export type ShareSegment = Seg<'share', { url: string; title: string; content?: string; image?: string }>
export type ContactSegment = Seg<'contact', { type: 'qq' | 'group'; id: string }>
export type LocationSegment = Seg<'location', { lat: string; lon: string; title?: string; content?: string }>
export type MusicSegment =
  | Seg<'music', { type: 'qq' | '163' | 'xm' | 'kugou' | 'migu' | 'kuwo'; id: string }>
  | Seg<
      'music',
      { type: 'custom'; url: string; audio: string; title: string; content?: string; image?: string }
    >
export type ReplySegment = Seg<
  'reply',
  { id: string; seq?: string; text?: string; qq?: string; time?: string }
>
/** Received only: a merged-forward message; fetch its nodes with `get_forward_msg`. */
export type ForwardSegment = Seg<'forward', { id: string; content?: unknown }>
/** A forward node: an existing message by `id`, or a custom one with `content`. */
export type NodeSegment =
  | Seg<'node', { id: string }>
  | Seg<
      'node',
      {
        user_id?: string
        nickname?: string
        uin?: string
        name?: string
        content: V11SegmentInput[] | string
      }
    >
export type XmlSegment = Seg<'xml', { data: string; resid?: string }>
export type JsonSegment = Seg<'json', { data: string | object; resid?: string }>
// Extensions (go-cqhttp, NapCat, Lagrange, LLOneBot).
export type RedbagSegment = Seg<'redbag', { title: string }>
export type GiftSegment = Seg<'gift', { qq: string; id: string }>
export type CardImageSegment = Seg<'cardimage', { file: string }>
export type TtsSegment = Seg<'tts', { text: string }>
export type MfaceSegment = Seg<
  'mface',
  { emoji_id?: string; emoji_package_id?: string; key?: string; summary?: string; url?: string }
>
export type MarkdownSegment = Seg<'markdown', { content: string }>
export type FileSegment = Seg<'file', { file?: string; name?: string; file_id?: string; url?: string }>
export type MiniappSegment = Seg<'miniapp', { data: string }>
export type KeyboardSegment = Seg<'keyboard', { content: unknown }>
export type LongmsgSegment = Seg<'longmsg', { id: string }>

export type KnownV11Segment =
  | TextSegment
  | FaceSegment
  | ImageSegment
  | RecordSegment
  | VideoSegment
  | AtSegment
  | RpsSegment
  | DiceSegment
  | ShakeSegment
  | PokeSegment
  | AnonymousSegment
  | ShareSegment
  | ContactSegment
  | LocationSegment
  | MusicSegment
  | ReplySegment
  | ForwardSegment
  | NodeSegment
  | XmlSegment
  | JsonSegment
  | RedbagSegment
  | GiftSegment
  | CardImageSegment
  | TtsSegment
  | MfaceSegment
  | MarkdownSegment
  | FileSegment
  | MiniappSegment
  | KeyboardSegment
  | LongmsgSegment

/** A segment of a type this adapter does not model; kept as received. */
export type UnknownSegment = Segment<string, Readonly<Record<string, unknown>>>

export type V11Segment = KnownV11Segment | UnknownSegment

/** What V11 `message` parameters accept: a CQ string, one segment or a segment array. */
export type V11SegmentInput = V11Segment
export type V11MessageParam = string | V11Segment | readonly V11Segment[] | { toJSON(): V11Segment[] }
