import { randomUUID } from 'node:crypto'
import type { ImplementationProfile } from './profiles.js'

/** Action response envelopes, shaped the way each implementation shapes them. */

export interface Outcome {
  readonly ok: boolean
  readonly retcode: number
  readonly data: unknown
  readonly message: string
}

export function envelope(
  profile: ImplementationProfile,
  outcome: Outcome,
  request: { readonly echo?: unknown; readonly hasEcho: boolean },
  transport: 'ws' | 'http',
): Record<string, unknown> {
  return profile.version === 11
    ? v11Envelope(profile, outcome, request, transport)
    : v12Envelope(outcome, request)
}

function v11Envelope(
  profile: ImplementationProfile,
  outcome: Outcome,
  request: { readonly echo?: unknown; readonly hasEcho: boolean },
  transport: 'ws' | 'http',
): Record<string, unknown> {
  const response: Record<string, unknown> = {
    status: outcome.ok ? 'ok' : 'failed',
    retcode: outcome.retcode,
    data: outcome.ok ? (outcome.data ?? null) : null,
  }
  for (const field of profile.errorTextFields) response[field] = outcome.ok ? '' : outcome.message
  if (profile.streamTag) response.stream = 'normal-action'
  if (transport === 'http' && profile.name === 'napcat') {
    // napcat answers HTTP calls with the request's echo, or a random one when none was sent.
    response.echo = request.echo ?? randomUUID()
  } else if (profile.alwaysEcho) {
    response.echo = request.echo ?? null
  } else if (request.hasEcho && !(profile.dropNullEcho && request.echo == null)) {
    response.echo = request.echo
  }
  return response
}

function v12Envelope(
  outcome: Outcome,
  request: { readonly echo?: unknown; readonly hasEcho: boolean },
): Record<string, unknown> {
  const response: Record<string, unknown> = {
    status: outcome.ok ? 'ok' : 'failed',
    retcode: outcome.retcode,
    data: outcome.ok ? (outcome.data ?? null) : null,
    message: outcome.ok ? '' : outcome.message,
  }
  if (request.hasEcho && request.echo !== '' && request.echo != null) response.echo = request.echo
  return response
}
