import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Headers } from '../../../driver/types.js'

export type TokenCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: 401 | 403; readonly reason: string }

/**
 * Reads the token from `Authorization: Bearer <t>` or `Token <t>` (any case), else `?access_token=`.
 * Returns undefined when none was sent, and '' for a scheme without a token: Lagrange, NapCat and
 * LLOneBot send `Bearer ` when their token is empty, which arrives trimmed to `Bearer`.
 */
export function readToken(headers: Headers, query: URLSearchParams): string | undefined {
  const header = headers.authorization
  if (header) {
    const match = /^\s*(bearer|token)(?:\s+(.*))?$/i.exec(header)
    const token = match ? (match[2] ?? '').trim() : undefined
    if (token === '') return query.get('access_token') ?? ''
    if (token !== undefined) return token
    return header.trim()
  }
  return query.get('access_token') ?? undefined
}

/**
 * Checks an incoming connection's token. With no token configured everything is accepted
 * (NapCat and LLOneBot send `Bearer ` with an empty token). Missing gives 401, wrong 403.
 */
export function checkToken(
  expected: string | undefined,
  headers: Headers,
  query: URLSearchParams,
): TokenCheck {
  if (!expected) return { ok: true }
  const given = readToken(headers, query)
  if (given === undefined || given === '') {
    return { ok: false, status: 401, reason: 'missing access token (send Authorization: Bearer <token>)' }
  }
  if (!safeEqual(given, expected)) return { ok: false, status: 403, reason: 'access token does not match' }
  return { ok: true }
}

/** Keys the comparison digests; random per process, so digests of guesses tell an observer nothing. */
const COMPARE_KEY = randomBytes(32)

/**
 * Constant-time string comparison that leaks neither content nor length: both sides are reduced to
 * fixed-size HMAC-SHA256 digests, then compared with `timingSafeEqual`. Time depends only on the
 * lengths hashed, never on where the strings differ or whether their lengths match.
 */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b))
}

function digest(text: string): Buffer {
  return createHmac('sha256', COMPARE_KEY).update(text).digest()
}

/** `sha1=<hex>` HMAC-SHA1 of the exact body bytes, as OneBot V11 HTTP POST signs. */
export function signBody(secret: string, body: Uint8Array): string {
  return `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`
}

export type SignatureCheck = TokenCheck

/** Verifies `X-Signature`. Missing gives 401, mismatch 403. */
export function checkSignature(
  secret: string | undefined,
  headers: Headers,
  body: Uint8Array,
): SignatureCheck {
  if (!secret) return { ok: true }
  const given = headers['x-signature']
  if (!given) return { ok: false, status: 401, reason: 'missing X-Signature (ONEBOT_SECRET is set)' }
  if (!safeEqual(given.toLowerCase(), signBody(secret, body))) {
    return { ok: false, status: 403, reason: 'X-Signature does not match the body (check ONEBOT_SECRET)' }
  }
  return { ok: true }
}
