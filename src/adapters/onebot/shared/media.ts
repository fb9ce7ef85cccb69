import { readFile } from 'node:fs/promises'
import { basename, isAbsolute, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { z } from 'zod'
import { SendNotSupported } from '../../../errors.js'
import { Message } from '../../../message/message.js'
import type { MessageInput, Segment } from '../../../message/segment.js'
import { adapterOf, type MediaSource, UniversalSegment } from '../../../message/universal.js'

export const mediaConfigShape = {
  onebot_media: z
    .enum(['base64', 'path', 'url'])
    .default('base64')
    .describe('base64 (send local files inline), path (an absolute path) or url (a file:// URL)'),
}

/** How local files reach the implementation: inline (`base64`), or named for a shared filesystem. */
export type MediaMode = z.infer<typeof mediaConfigShape.onebot_media>

/** A media source resolved for sending. */
export type ResolvedMedia =
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'path'; readonly path: string; readonly url: string }
  | { readonly kind: 'data'; readonly base64: string; readonly name?: string }

/**
 * A media source as the mode wants it. Remote URLs (`http(s):`, `base64:`) go as they are; bytes
 * always inline; a local file (a path or a `file:` URL) is read and inlined in `base64` mode (the
 * implementation often runs in another container and cannot read our paths), else named by its
 * absolute path (`path`) or `file://` URL (`url`).
 */
export async function resolveMedia(source: MediaSource, mode: MediaMode): Promise<ResolvedMedia> {
  if (source instanceof Uint8Array) return { kind: 'data', base64: Buffer.from(source).toString('base64') }
  const text = String(source instanceof URL ? source.href : source)
  if (/^(https?|base64):/i.test(text)) return { kind: 'url', url: text }
  const path = /^file:/i.test(text) ? fileURLToPath(text) : isAbsolute(text) ? text : resolve(text)
  if (mode !== 'base64') return { kind: 'path', path, url: pathToFileURL(path).href }
  try {
    return { kind: 'data', base64: (await readFile(path)).toString('base64'), name: basename(path) }
  } catch (error) {
    throw new SendNotSupported(`cannot read the media file ${path}: ${(error as Error).message}`, {
      cause: error,
    })
  }
}

/**
 * The segments of `input` ready for `adapter`: universal elements converted by `convert`, another
 * adapter's segments refused with a clear error (text excepted: it is the same everywhere).
 * Plain segments without a known adapter are taken as the bot's own, as written.
 */
export async function outgoingSegments<S extends Segment>(
  adapter: string,
  segments: readonly S[],
  from: MessageInput<Segment>,
  convert: (segment: UniversalSegment) => Promise<S>,
): Promise<S[]> {
  const foreignMessage = from instanceof Message ? from.adapter : undefined
  let out: S[] | undefined
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!
    let converted: S | undefined
    if ((seg as Segment) instanceof UniversalSegment)
      converted = await convert(seg as unknown as UniversalSegment)
    else {
      const owner = adapterOf(seg) ?? (foreignMessage !== adapter ? foreignMessage : undefined)
      if (owner !== undefined && owner !== adapter && seg.type !== 'text') {
        throw new SendNotSupported(
          `a ${owner} "${seg.type}" segment cannot be sent by a ${adapter} bot: ` +
            "build it with the universal elements (universal.at, universal.image, ...) or the bot adapter's own builders",
        )
      }
    }
    if (converted !== undefined) {
      out ??= segments.slice(0, i)
      out.push(converted)
    } else out?.push(seg)
  }
  return out ?? [...segments]
}
