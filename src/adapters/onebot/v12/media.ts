import { basename } from 'node:path'
import type { UniversalSegment } from '../../../message/universal.js'
import { type MediaMode, resolveMedia } from '../shared/media.js'
import type { V12Bot } from './bot.js'
import type { V12Segment } from './message.js'

const V12_MEDIA_TYPE: Readonly<Record<string, string>> = {
  image: 'image',
  record: 'voice',
  video: 'video',
  file: 'file',
}

/**
 * A universal element as a V12 segment. Media files are uploaded first (`upload_file`: `data` in
 * base64 mode, else `path`, or `url` for remote files and in url mode) and sent by `file_id`.
 */
export async function v12FromUniversal(
  bot: V12Bot,
  seg: UniversalSegment,
  mode: MediaMode,
): Promise<V12Segment> {
  const data = seg.data as Record<string, unknown>
  switch (seg.type) {
    case 'at':
      return data.user === 'all'
        ? { type: 'mention_all', data: {} }
        : { type: 'mention', data: { user_id: String(data.user) } }
    case 'reply':
      return { type: 'reply', data: { message_id: String(data.id) } }
    case 'face': {
      const n = Number(data.id)
      return { type: 'face', data: { id: Number.isSafeInteger(n) ? n : String(data.id) } }
    }
    default: {
      const media = await resolveMedia(data.source as never, mode)
      const name =
        typeof data.name === 'string'
          ? data.name
          : media.kind === 'path'
            ? basename(media.path)
            : media.kind === 'data' && media.name !== undefined
              ? media.name
              : seg.type
      const upload =
        media.kind === 'data'
          ? { type: 'data', name, data: media.base64 }
          : media.kind === 'path' && mode === 'path'
            ? { type: 'path', name, path: media.path }
            : { type: 'url', name, url: media.url }
      const result = (await bot.callApi('upload_file', upload)) as { file_id?: unknown } | null
      if (typeof result?.file_id !== 'string') throw new TypeError('upload_file answered without a file_id')
      return { type: V12_MEDIA_TYPE[seg.type]!, data: { file_id: result.file_id } } as V12Segment
    }
  }
}
