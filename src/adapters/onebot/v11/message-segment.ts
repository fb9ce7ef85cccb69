import { tagBuilders } from '../../../message/universal.js'
import type * as S from './segment-types.js'

/** A file for image/record/video: a URL or path string as is, bytes as `base64://`, a URL object as given. */
export type FileInput = string | URL | Uint8Array

function fileParam(file: FileInput): string {
  if (typeof file === 'string') return file
  if (file instanceof URL) return file.href
  return `base64://${Buffer.from(file.buffer, file.byteOffset, file.byteLength).toString('base64')}`
}

const flag = (value: boolean): string => (value ? 'true' : 'false')

/** Drops undefined values so optional parameters are left out of the frame. */
function defined<D extends object>(data: D): D {
  for (const key of Object.keys(data) as (keyof D)[]) if (data[key] === undefined) delete data[key]
  return data
}

interface MediaOptions {
  readonly cache?: boolean
  readonly proxy?: boolean
  /** Download timeout in seconds. */
  readonly timeout?: number
}

/** The download options every media segment shares, as strings; unset ones stay unset. */
function mediaParams(options: MediaOptions): { cache?: string; proxy?: string; timeout?: string } {
  return {
    cache: options.cache === undefined ? undefined : flag(options.cache),
    proxy: options.proxy === undefined ? undefined : flag(options.proxy),
    timeout: options.timeout === undefined ? undefined : String(options.timeout),
  }
}

/**
 * Builders for every V11 segment type (standard and the common extensions). Values are
 * stringified as the spec wants; ids may be given as numbers.
 *
 * @example
 * bot.send(ev, [MessageSegment.at(ev.userId!), MessageSegment.text(' hi'), MessageSegment.face(14)])
 */
export const MessageSegment = tagBuilders('onebot.v11', {
  text: (text: string): S.TextSegment => ({ type: 'text', data: { text } }),
  face: (id: number | string): S.FaceSegment => ({ type: 'face', data: { id: String(id) } }),
  image: (
    file: FileInput,
    options: MediaOptions & { type?: 'flash' | 'show'; summary?: string } = {},
  ): S.ImageSegment => ({
    type: 'image',
    data: defined({
      file: fileParam(file),
      type: options.type,
      summary: options.summary,
      ...mediaParams({ ...options, cache: options.cache ?? true, proxy: options.proxy ?? true }),
    }),
  }),
  record: (file: FileInput, options: MediaOptions & { magic?: boolean } = {}): S.RecordSegment => ({
    type: 'record',
    data: defined({
      file: fileParam(file),
      magic: options.magic === undefined ? undefined : flag(options.magic),
      ...mediaParams(options),
    }),
  }),
  video: (file: FileInput, options: MediaOptions & { cover?: FileInput } = {}): S.VideoSegment => ({
    type: 'video',
    data: defined({
      file: fileParam(file),
      cover: options.cover === undefined ? undefined : fileParam(options.cover),
      ...mediaParams(options),
    }),
  }),
  /** Mentions a user, or everyone with `'all'`. */
  at: (userId: number | string | 'all'): S.AtSegment => ({ type: 'at', data: { qq: String(userId) } }),
  atAll: (): S.AtSegment => ({ type: 'at', data: { qq: 'all' } }),
  rps: (): S.RpsSegment => ({ type: 'rps', data: {} }),
  dice: (): S.DiceSegment => ({ type: 'dice', data: {} }),
  shake: (): S.ShakeSegment => ({ type: 'shake', data: {} }),
  /** Poke (spec form: `type` and `id`). */
  poke: (type: string, id: string | number): S.PokeSegment => ({
    type: 'poke',
    data: { type, id: String(id) },
  }),
  anonymous: (ignoreFailure = false): S.AnonymousSegment => ({
    type: 'anonymous',
    data: { ignore: flag(ignoreFailure) },
  }),
  share: (url: string, title: string, content?: string, image?: string): S.ShareSegment => ({
    type: 'share',
    data: defined({ url, title, content, image }),
  }),
  contact: (type: 'qq' | 'group', id: number | string): S.ContactSegment => ({
    type: 'contact',
    data: { type, id: String(id) },
  }),
  contactUser: (id: number | string): S.ContactSegment => ({
    type: 'contact',
    data: { type: 'qq', id: String(id) },
  }),
  contactGroup: (id: number | string): S.ContactSegment => ({
    type: 'contact',
    data: { type: 'group', id: String(id) },
  }),
  location: (lat: number, lon: number, title?: string, content?: string): S.LocationSegment => ({
    type: 'location',
    data: defined({ lat: String(lat), lon: String(lon), title, content }),
  }),
  music: (type: 'qq' | '163' | 'xm' | 'kugou' | 'migu' | 'kuwo', id: number | string): S.MusicSegment => ({
    type: 'music',
    data: { type, id: String(id) },
  }),
  musicCustom: (
    url: string,
    audio: string,
    title: string,
    content?: string,
    image?: string,
  ): S.MusicSegment => ({
    type: 'music',
    data: defined({ type: 'custom' as const, url, audio, title, content, image }),
  }),
  /** Quotes a message. Keep `message_id` exactly as received (it may be negative or a string). */
  reply: (messageId: number | string): S.ReplySegment => ({ type: 'reply', data: { id: String(messageId) } }),
  forward: (id: string): S.ForwardSegment => ({ type: 'forward', data: { id } }),
  /** A forward node that re-sends an existing message. */
  node: (messageId: number | string): S.NodeSegment => ({ type: 'node', data: { id: String(messageId) } }),
  /** A custom forward node; `content` is a segment array (send forwards as arrays, never CQ strings). */
  nodeCustom: (
    userId: number | string,
    nickname: string,
    content: string | S.V11Segment[],
  ): S.NodeSegment => ({
    type: 'node',
    data: {
      user_id: String(userId),
      nickname,
      content: typeof content === 'string' ? [{ type: 'text', data: { text: content } }] : content,
    },
  }),
  xml: (data: string): S.XmlSegment => ({ type: 'xml', data: { data } }),
  json: (data: string | object): S.JsonSegment => ({ type: 'json', data: { data } }),
  // Extensions.
  gift: (userId: number | string, id: number | string): S.GiftSegment => ({
    type: 'gift',
    data: { qq: String(userId), id: String(id) },
  }),
  cardImage: (file: FileInput): S.CardImageSegment => ({
    type: 'cardimage',
    data: { file: fileParam(file) },
  }),
  tts: (text: string): S.TtsSegment => ({ type: 'tts', data: { text } }),
  markdown: (content: string): S.MarkdownSegment => ({ type: 'markdown', data: { content } }),
  mface: (data: S.MfaceSegment['data']): S.MfaceSegment => ({ type: 'mface', data }),
  file: (file: FileInput, name?: string): S.FileSegment => ({
    type: 'file',
    data: defined({ file: fileParam(file), name }),
  }),
  miniapp: (data: string): S.MiniappSegment => ({ type: 'miniapp', data: { data } }),
  keyboard: (content: unknown): S.KeyboardSegment => ({ type: 'keyboard', data: { content } }),
  longmsg: (id: string): S.LongmsgSegment => ({ type: 'longmsg', data: { id } }),
  /** Any segment type, for extensions not listed here. */
  custom: <T extends string>(type: T, data: Record<string, unknown> = {}): S.UnknownSegment => ({
    type,
    data,
  }),
})
