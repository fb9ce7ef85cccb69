import type { UniversalSegment } from '../../../message/universal.js'
import { type MediaMode, resolveMedia } from '../shared/media.js'
import type { V11Segment } from './segment-types.js'

/** A universal element as a V11 segment; media files per `ONEBOT_MEDIA` (`base64://`, a path, a `file://` URL). */
export async function v11FromUniversal(seg: UniversalSegment, mode: MediaMode): Promise<V11Segment> {
  const data = seg.data as Record<string, unknown>
  switch (seg.type) {
    case 'at':
      return { type: 'at', data: { qq: String(data.user) } }
    case 'reply':
      return { type: 'reply', data: { id: String(data.id) } }
    case 'face':
      return { type: 'face', data: { id: String(data.id) } }
    default: {
      const media = await resolveMedia(data.source as never, mode)
      const file =
        media.kind === 'data'
          ? `base64://${media.base64}`
          : media.kind === 'path' && mode === 'path'
            ? media.path
            : media.url
      const out: Record<string, unknown> = { file }
      if (seg.type === 'file' && typeof data.name === 'string') out.name = data.name
      return { type: seg.type, data: out } as V11Segment
    }
  }
}
