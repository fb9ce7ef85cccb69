import { type Duration, durationMs } from '../config/duration.js'
import type { KeyValueStore, KvSetOptions } from '../store/types.js'

/**
 * A `KeyValueStore` in memory (lost on restart): what commands use when the app has no data
 * store, and what tests use. Expired entries are dropped when read.
 */
export class MemoryKv implements KeyValueStore {
  readonly #data = new Map<string, { value: unknown; expires: number | undefined }>()

  async get<T = unknown>(key: string): Promise<T | undefined> {
    return this.#read(key) as T | undefined
  }

  async set(key: string, value: unknown, options?: KvSetOptions): Promise<void> {
    this.#write(key, value, options)
  }

  async delete(key: string): Promise<boolean> {
    const had = this.#read(key) !== undefined
    this.#data.delete(key)
    return had
  }

  async update<T = unknown>(
    key: string,
    fn: (current: T | undefined) => T | undefined,
    options?: KvSetOptions,
  ): Promise<T | undefined> {
    // Synchronous between read and write, so concurrent updates cannot interleave.
    const next = fn(this.#read(key) as T | undefined)
    if (next === undefined) this.#data.delete(key)
    else this.#write(key, next, options)
    return next
  }

  async keys(prefix = ''): Promise<string[]> {
    return [...this.#data.keys()].filter((k) => k.startsWith(prefix) && this.#read(k) !== undefined).sort()
  }

  #read(key: string): unknown {
    const entry = this.#data.get(key)
    if (!entry) return undefined
    if (entry.expires !== undefined && entry.expires <= Date.now()) {
      this.#data.delete(key)
      return undefined
    }
    return entry.value
  }

  #write(key: string, value: unknown, options: KvSetOptions | undefined): void {
    const ttl = options?.ttl === undefined ? undefined : durationMs(options.ttl as Duration, 'ttl')
    this.#data.set(key, {
      value: structuredClone(value),
      expires: ttl === undefined ? undefined : Date.now() + ttl,
    })
  }
}
