import type { Message } from '../message/message.js'
import type { Segment } from '../message/segment.js'

/** An `image` argument: the image segment and its address. */
export interface ImageArg {
  /** `data.url`, when the implementation gives one. */
  readonly url: string | undefined
  /** `data.file` (V11) or `data.file_id` (V12). */
  readonly file: string | undefined
  readonly segment: Segment
}

/** What each argument type of a declaration gives the handler (`<count:number>` is a `number`). */
export interface ArgTypes {
  /** One word (or a quoted phrase). The default when no type is written. */
  text: string
  number: number
  /** A whole number. */
  integer: number
  /** `true`/`false`, `yes`/`no`, `on`/`off`, `1`/`0`. */
  boolean: boolean
  /** A mention (`@someone`) or a bare user id: the user id. */
  user: string
  image: ImageArg
  /** The rest of the message as plain text (must be the last argument). */
  rest: string
  /** The rest of the message with images and mentions (must be the last argument). */
  message: Message
}

export type ArgType = keyof ArgTypes

type Words<S extends string> = S extends `${infer H} ${infer T}` ? [H, ...Words<T>] : S extends '' ? [] : [S]
type TypeOf<T extends string> = T extends ArgType ? ArgTypes[T] : unknown

/** `name:type=default`, `name:type`, `name` -> [name, type, has default]. */
type Field<B extends string> = B extends `${infer N}:${infer T}=${string}`
  ? [N, T, true]
  : B extends `${infer N}:${infer T}`
    ? [N, T, false]
    : B extends `${infer N}=${string}`
      ? [N, 'text', true]
      : [B, 'text', false]

type ArgOf<B extends string, Required extends boolean> =
  Field<B> extends [infer N extends string, infer T extends string, infer D extends boolean]
    ? { [K in N]: Required extends true ? TypeOf<T> : D extends true ? TypeOf<T> : TypeOf<T> | undefined }
    : never

type OptOf<N extends string, V extends string> = V extends `<${infer B}>` | `[${infer B}]`
  ? Field<B> extends [string, infer T extends string, infer D extends boolean]
    ? { [K in N]: D extends true ? TypeOf<T> : TypeOf<T> | undefined }
    : never
  : { [K in N]: boolean }

type IsValue<V> = V extends `<${string}>` | `[${string}]` ? true : false

type Parse<W extends string[], A, O> = W extends [infer H extends string, ...infer T extends string[]]
  ? H extends `--${infer N}`
    ? T extends [infer V extends string, ...infer T2 extends string[]]
      ? IsValue<V> extends true
        ? Parse<T2, A, O & OptOf<N, V>>
        : Parse<T, A, O & OptOf<N, ''>>
      : Parse<T, A, O & OptOf<N, ''>>
    : H extends `-${string},`
      ? Parse<T, A, O>
      : H extends `-${infer N}`
        ? T extends [infer V extends string, ...infer T2 extends string[]]
          ? IsValue<V> extends true
            ? Parse<T2, A, O & OptOf<N, V>>
            : Parse<T, A, O & OptOf<N, ''>>
          : Parse<T, A, O & OptOf<N, ''>>
        : H extends `<${infer B}>`
          ? Parse<T, A & ArgOf<B, true>, O>
          : H extends `[${infer B}]`
            ? Parse<T, A & ArgOf<B, false>, O>
            : Parse<T, A, O>
  : [A, O]

type Simplify<T> = { readonly [K in keyof T]: T[K] } & {}

/** The arguments a declaration gives `c.args`: `'roll <count:number> [sides:number=6]'` -> `{ count: number; sides: number }`. */
export type SignatureArgs<S extends string> = Simplify<Parse<Words<S>, {}, {}>[0]>
/** The options a declaration gives `c.opts`: `'--private'` -> `{ private: boolean }`, `'--times <n:integer>'` -> `{ times: number | undefined }`. */
export type SignatureOpts<S extends string> = Simplify<Parse<Words<S>, {}, {}>[1]>
