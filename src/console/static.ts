import { readdir, readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import type { HttpResponse } from '../driver/types.js'

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
}

/** No inline script, no other origin: the page loads only its own files. */
const CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"

/**
 * The console's files (built into the package next to this module), read once at start and
 * served from memory.
 */
export async function loadAssets(): Promise<Map<string, HttpResponse>> {
  const dir = new URL('./assets/', import.meta.url)
  const assets = new Map<string, HttpResponse>()
  for (const name of await readdir(dir)) {
    const type = TYPES[extname(name)]
    if (!type) continue
    assets.set(name, {
      status: 200,
      headers: {
        'content-type': type,
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
        'content-security-policy': CSP,
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
      },
      body: await readFile(new URL(name, dir)),
    })
  }
  return assets
}
