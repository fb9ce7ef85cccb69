import { Message } from '../../../message/message.js'
import type { Segment } from '../../../message/segment.js'
import { tagBuilders } from '../../../message/universal.js'

/** Extra, implementation-specific data fields (`url`, walle's `flash`...), kept as given. */
type Extra = Readonly<Record<string, unknown>>

export type V12TextSegment = Segment<'text', { text: string } & Extra>
export type V12MentionSegment = Segment<'mention', { user_id: string } & Extra>
export type V12MentionAllSegment = Segment<'mention_all', Extra>
export type V12ImageSegment = Segment<'image', { file_id: string } & Extra>
export type V12VoiceSegment = Segment<'voice', { file_id: string } & Extra>
export type V12AudioSegment = Segment<'audio', { file_id: string } & Extra>
export type V12VideoSegment = Segment<'video', { file_id: string } & Extra>
export type V12FileSegment = Segment<'file', { file_id: string } & Extra>
export type V12LocationSegment = Segment<
  'location',
  { latitude: number; longitude: number; title: string; content: string } & Extra
>
/** `user_id` is optional when sending. */
export type V12ReplySegment = Segment<'reply', { message_id: string; user_id?: string } & Extra>
/** Any other segment (`qq.face`, walle `face`...): round-trips unchanged. */
export type V12ExtensionSegment = Segment<string & {}, Record<string, unknown>>

export type V12StandardSegment =
  | V12TextSegment
  | V12MentionSegment
  | V12MentionAllSegment
  | V12ImageSegment
  | V12VoiceSegment
  | V12AudioSegment
  | V12VideoSegment
  | V12FileSegment
  | V12LocationSegment
  | V12ReplySegment

export type V12Segment = V12StandardSegment | V12ExtensionSegment

/**
 * A OneBot V12 message. Text is never parsed or escaped: `new V12Message('[CQ:face,id=1]')` is
 * one text segment with exactly that text.
 */
export class V12Message extends Message<V12Segment> {
  override get adapter(): string {
    return 'onebot.v12'
  }

  protected textSegment(text: string): V12Segment {
    return { type: 'text', data: { text } }
  }

  protected create(segments?: Iterable<V12Segment>): this {
    return new V12Message(segments === undefined ? undefined : [...segments]) as this
  }

  /** Rich text for logs: text as is, other segments as `[type:k=v,...]`. */
  override toString(): string {
    let out = ''
    for (const seg of this.segments) {
      if (seg.type === 'text') out += String(seg.data.text)
      else {
        const params = Object.entries(seg.data)
          .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
          .join(',')
        out += params ? `[${seg.type}:${params}]` : `[${seg.type}]`
      }
    }
    return out
  }
}

/** Segment builders. Every builder takes extra data fields for implementation extensions. */
export const V12MessageSegment = tagBuilders('onebot.v12', {
  text: (text: string, extra?: Extra): V12TextSegment => ({ type: 'text', data: { ...extra, text } }),
  mention: (userId: string, extra?: Extra): V12MentionSegment => ({
    type: 'mention',
    data: { ...extra, user_id: userId },
  }),
  mentionAll: (extra?: Extra): V12MentionAllSegment => ({ type: 'mention_all', data: { ...extra } }),
  image: (fileId: string, extra?: Extra): V12ImageSegment => ({
    type: 'image',
    data: { ...extra, file_id: fileId },
  }),
  voice: (fileId: string, extra?: Extra): V12VoiceSegment => ({
    type: 'voice',
    data: { ...extra, file_id: fileId },
  }),
  audio: (fileId: string, extra?: Extra): V12AudioSegment => ({
    type: 'audio',
    data: { ...extra, file_id: fileId },
  }),
  video: (fileId: string, extra?: Extra): V12VideoSegment => ({
    type: 'video',
    data: { ...extra, file_id: fileId },
  }),
  file: (fileId: string, extra?: Extra): V12FileSegment => ({
    type: 'file',
    data: { ...extra, file_id: fileId },
  }),
  location: (
    latitude: number,
    longitude: number,
    title: string,
    content: string,
    extra?: Extra,
  ): V12LocationSegment => ({
    type: 'location',
    data: { ...extra, latitude, longitude, title, content },
  }),
  reply: (messageId: string, userId?: string, extra?: Extra): V12ReplySegment => ({
    type: 'reply',
    data:
      userId === undefined
        ? { ...extra, message_id: messageId }
        : { ...extra, message_id: messageId, user_id: userId },
  }),
  /** Any segment by type, for extensions (`custom('qq.face', { id: '1' })`). */
  custom: (type: string, data: Record<string, unknown> = {}): V12ExtensionSegment => ({ type, data }),
} as const)
