/**
 * The plugin key-value store's contract (`ctx.kv`), fixed up front so the services that use it
 * (cooldowns, per-group switches, the scheduler's persistent jobs) and the store itself can be
 * built side by side. Values are JSON (bigint-safe); keys are namespaced per plugin by the store.
 */
export interface KvSetOptions {
  /** Time to live: milliseconds, or a duration string such as `'30s'`, `'10m'`, `'1d'`. */
  readonly ttl?: number | string
}

export interface KeyValueStore {
  /** The value under `key`, or undefined when there is none (or it expired). */
  get<T = unknown>(key: string): Promise<T | undefined>
  set(key: string, value: unknown, options?: KvSetOptions): Promise<void>
  /** True when a value was there. */
  delete(key: string): Promise<boolean>
  /**
   * Atomic read-modify-write: `fn` gets the current value (undefined when none) and returns the
   * new one (undefined deletes it). Concurrent updates of one key never lose a write.
   */
  update<T = unknown>(
    key: string,
    fn: (current: T | undefined) => T | undefined,
    options?: KvSetOptions,
  ): Promise<T | undefined>
  /** Keys that start with `prefix` (all keys when omitted), sorted. */
  keys(prefix?: string): Promise<string[]>
}
