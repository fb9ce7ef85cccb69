import { createHmac } from 'node:crypto'

/** One HTTP POST from the implementation to the framework, and what came back. */
export interface PostResult {
  readonly status: number
  readonly body: string
  readonly bytes: Uint8Array
  readonly contentType: string
}

export async function postBytes(
  url: string,
  body: string | Uint8Array,
  headers: Readonly<Record<string, string>>,
): Promise<PostResult> {
  const response = await fetch(url, { method: 'POST', headers, body })
  const bytes = new Uint8Array(await response.arrayBuffer())
  return {
    status: response.status,
    body: new TextDecoder().decode(bytes),
    bytes,
    contentType: response.headers.get('content-type') ?? '',
  }
}

/** `X-Signature` over the exact bytes sent: `sha1=` + hex HMAC-SHA1 keyed with the secret. */
export function signature(secret: string, body: string | Uint8Array): string {
  return `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`
}
