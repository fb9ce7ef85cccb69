import type { Logger } from 'pino'
import type { HttpClient } from '../../../../driver/types.js'
import { requestHttpApi } from './http-api.js'

/**
 * `app_name`s of implementations that sign HTTP POST only with a separate secret, never with their
 * access token, and send no token with posts: a token-only setup of theirs posts unsigned.
 * (Lagrange.OneBot: `HttpPostService` signs when `Secret` is non-empty; go-cqhttp: `secret`.)
 */
const NEVER_SIGN_WITH_TOKEN = new Set(['lagrange.onebot', 'go-cqhttp'])

/** A failed identification is retried after this long, not on every post. */
const RETRY_MS = 10_000
const ASK_TIMEOUT_MS = 3000

export interface PosterIdentityOptions {
  readonly http: HttpClient | undefined
  readonly apiRoots: Readonly<Record<string, string>>
  readonly accessToken: string | undefined
  readonly logger: Logger
}

/**
 * Tells whether an unsigned HTTP POST for a bot comes from an implementation that never signs with
 * its token. The User-Agent cannot tell (Lagrange's posts carry none, and anyone can forge one), so
 * the bot's own HTTP API is asked `get_version_info`, authenticated with the access token; the
 * answer is kept per bot.
 */
export class UnsignedPosters {
  readonly #options: PosterIdentityOptions
  readonly #known = new Map<string, string>()
  readonly #failedAt = new Map<string, number>()
  readonly #asking = new Map<string, Promise<string | undefined>>()

  constructor(options: PosterIdentityOptions) {
    this.#options = options
  }

  /** The implementation's `app_name` when it never signs with its token, else undefined. */
  async unsignedImplementation(selfId: string): Promise<string | undefined> {
    const name = this.#known.get(selfId) ?? (await this.#identify(selfId))
    return name !== undefined && NEVER_SIGN_WITH_TOKEN.has(name.toLowerCase()) ? name : undefined
  }

  #identify(selfId: string): Promise<string | undefined> {
    const { http, apiRoots } = this.#options
    const root = apiRoots[selfId]
    if (!http || !root) return Promise.resolve(undefined)
    const failedAt = this.#failedAt.get(selfId)
    if (failedAt !== undefined && Date.now() - failedAt < RETRY_MS) return Promise.resolve(undefined)
    let asking = this.#asking.get(selfId)
    if (!asking) {
      asking = this.#ask(http, root, selfId).finally(() => this.#asking.delete(selfId))
      this.#asking.set(selfId, asking)
    }
    return asking
  }

  async #ask(http: HttpClient, root: string, selfId: string): Promise<string | undefined> {
    try {
      const envelope = await requestHttpApi(
        http,
        root,
        this.#options.accessToken,
        'get_version_info',
        {},
        ASK_TIMEOUT_MS,
      )
      const data = envelope.data as { app_name?: unknown } | null | undefined
      if (envelope.status === 'ok' && typeof data?.app_name === 'string') {
        this.#known.set(selfId, data.app_name)
        this.#failedAt.delete(selfId)
        return data.app_name
      }
    } catch (error) {
      this.#options.logger.debug(
        { err: error },
        `OneBot V11 HTTP POST: could not ask bot ${selfId}'s HTTP API which implementation it is`,
      )
    }
    this.#failedAt.set(selfId, Date.now())
    return undefined
  }
}
