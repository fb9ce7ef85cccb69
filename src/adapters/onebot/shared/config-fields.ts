import { z } from 'zod'

/**
 * Config field schemas both versions read the same way. Each version adds its own `.describe()`
 * (the hint shown in a `ConfigError`) since the keys and examples differ.
 */

/** A token as string or number; empty or `null` means none. */
export const accessTokenField = z
  .union([z.string(), z.number(), z.null()])
  .transform((v) => (v === null || v === '' ? undefined : String(v)))
  .optional()

export const httpUrl = z
  .string()
  .url()
  .refine((url) => /^https?:\/\//i.test(url))

export const wsUrl = z
  .string()
  .url()
  .refine((url) => /^wss?:\/\//i.test(url))

/** One ws(s):// URL or a list of them, duplicates dropped. */
export const wsUrlListField = z
  .union([z.array(wsUrl), wsUrl.transform((url) => [url])])
  .default([])
  .transform((urls) => [...new Set(urls)])

/** Bot id to http(s):// URL. */
export const apiRootsField = z
  .record(z.union([z.string(), z.number()]).transform(String), httpUrl)
  .default({})
