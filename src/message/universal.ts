import type { Segment } from './segment.js'

/** A media file: a local path (absolute, or relative to the process), bytes, or a URL (`http(s):`, `file:`). */
export type MediaSource = string | URL | Uint8Array

/** The elements every adapter converts: `universal.image('./cat.png')` goes to V11 and V12 alike. */
export type UniversalType = 'at' | 'image' | 'record' | 'video' | 'file' | 'reply' | 'face'

/**
 * A universal element: not any protocol's segment, but one the bot's adapter converts when it
 * sends (V11 `at` / V12 `mention`, a media file to `base64://` or a V12 `file_id`...).
 */
export class UniversalSegment<
  T extends UniversalType = UniversalType,
  D extends object = Record<string, unknown>,
> implements Segment<T, D>
{
  constructor(
    readonly type: T,
    readonly data: D,
  ) {}
}

export type MediaSegment<T extends 'image' | 'record' | 'video' | 'file'> = UniversalSegment<
  T,
  { readonly source: MediaSource; readonly name?: string }
>

/**
 * Builders of the universal elements (plus plain strings, which are text everywhere).
 *
 * @example
 * await ctx.sendTo({ group: '123' }, [universal.at('10001'), universal.text(' look: '), universal.image('./cat.png')])
 */
export const universal = {
  /** Text: the same segment in every adapter. */
  text: (text: string): Segment<'text', { readonly text: string }> => ({ type: 'text', data: { text } }),
  /** Mentions a user, or everyone with `'all'`. */
  at: (userId: string): UniversalSegment<'at', { readonly user: string }> =>
    new UniversalSegment('at', { user: userId }),
  image: (source: MediaSource): MediaSegment<'image'> => new UniversalSegment('image', { source }),
  /** A voice message (V11 `record`, V12 `voice`). */
  record: (source: MediaSource): MediaSegment<'record'> => new UniversalSegment('record', { source }),
  video: (source: MediaSource): MediaSegment<'video'> => new UniversalSegment('video', { source }),
  file: (source: MediaSource, name?: string): MediaSegment<'file'> =>
    new UniversalSegment('file', name === undefined ? { source } : { source, name }),
  /** Quotes a message by its id (as received: V11 ids may be numbers). */
  reply: (messageId: string | number): UniversalSegment<'reply', { readonly id: string }> =>
    new UniversalSegment('reply', { id: String(messageId) }),
  /** A QQ face (emoji) by id. */
  face: (id: string): UniversalSegment<'face', { readonly id: string }> =>
    new UniversalSegment('face', { id }),
}

/** The adapter a segment's builder belongs to (see `tagBuilders`); undefined for plain objects. */
export function adapterOf(segment: object): string | undefined {
  const adapter = (segment as { adapter?: unknown }).adapter
  return typeof adapter === 'string' ? adapter : undefined
}

/** One prototype per adapter name: an inherited `adapter` getter, invisible to JSON and spreads. */
const prototypes = new Map<string, object>()

/**
 * Wraps an adapter's segment builders so that what they build knows its adapter (through its
 * prototype, so the segment is still a plain `{ type, data }` on the wire and in assertions).
 * A bot of another adapter then refuses it with a clear error instead of sending it as is.
 */
export function tagBuilders<B extends object>(adapter: string, builders: B): B {
  let proto = prototypes.get(adapter)
  if (!proto) {
    proto = Object.defineProperty({}, 'adapter', { get: () => adapter, enumerable: false })
    prototypes.set(adapter, proto)
  }
  const tagged: Record<string, unknown> = {}
  for (const [name, build] of Object.entries(builders)) {
    tagged[name] =
      typeof build === 'function'
        ? (...args: unknown[]) =>
            Object.setPrototypeOf((build as (...a: unknown[]) => object)(...args), proto)
        : build
  }
  return tagged as B
}
