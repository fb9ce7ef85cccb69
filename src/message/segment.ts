/** One piece of a message: text, an image, a mention... `data` is protocol-specific. */
export interface Segment<T extends string = string, D extends object = Record<string, unknown>> {
  readonly type: T
  readonly data: D
}

/** Anything a reply can be built from. */
export type MessageInput<S extends Segment = Segment> = string | S | Iterable<S>
