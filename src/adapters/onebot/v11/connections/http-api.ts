import type { HttpClient } from '../../../../driver/types.js'
import { NetworkError } from '../../../../errors.js'
import { parseJsonLossless, stringifyJson } from '../../shared/json.js'

/**
 * Calls one action over the implementation's HTTP API: `POST <root><action>` with a JSON body and
 * `Authorization: Bearer <token>`. Returns the response envelope. The body is parsed even on a
 * non-2xx status (LLOneBot answers unknown actions with 404 and a JSON envelope).
 */
export async function requestHttpApi(
  http: HttpClient,
  apiRoot: string,
  accessToken: string | undefined,
  action: string,
  params: Record<string, unknown>,
  timeoutMs: number,
  lossless = false,
): Promise<Record<string, unknown>> {
  const root = apiRoot.endsWith('/') ? apiRoot : `${apiRoot}/`
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (accessToken) headers.authorization = `Bearer ${accessToken}`
  const url = `${root}${action}`
  const res = await http.request({
    method: 'POST',
    url,
    headers,
    body: stringifyJson(params, lossless),
    timeoutMs,
  })
  const envelope = parseEnvelope(res.body)
  if (envelope) return envelope
  if (res.status === 401 || res.status === 403) {
    throw new NetworkError(
      `HTTP API ${url} refused the access token (HTTP ${res.status}); check ONEBOT_ACCESS_TOKEN`,
    )
  }
  if (res.status < 200 || res.status >= 300)
    throw new NetworkError(`HTTP API ${url} answered HTTP ${res.status}`)
  throw new NetworkError(`HTTP API ${url} answered HTTP ${res.status} without a JSON response body`)
}

function parseEnvelope(body: Buffer): Record<string, unknown> | undefined {
  if (body.length === 0) return undefined
  try {
    const value = parseJsonLossless(body.toString('utf8'))
    if (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      ('status' in value || 'retcode' in value)
    ) {
      return value as Record<string, unknown>
    }
  } catch {
    // Not JSON: reported by the caller with the status.
  }
  return undefined
}
