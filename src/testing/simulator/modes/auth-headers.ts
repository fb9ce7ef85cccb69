import type { ImplementationProfile } from '../profiles.js'

/** The `Authorization` header an implementation sends when it dials or posts. */
export function authorizationHeader(
  profile: ImplementationProfile,
  token: string | undefined,
): Record<string, string> {
  if (token) return { authorization: `${profile.authScheme} ${token}` }
  // napcat and LLOneBot send `Bearer ` with an empty token when none is configured.
  return profile.alwaysSendAuthorization ? { authorization: `${profile.authScheme} ` } : {}
}
