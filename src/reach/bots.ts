import type { Bot } from '../adapter/bot.js'

/** The bot type an adapter registry entry declares (`V11Bot` for `onebot.v11`). */
export type RegisteredBot<R, K extends keyof R> = R[K] extends { readonly bot: infer B extends Bot } ? B : Bot

/** Connected bots, in connection order; only `adapter`'s when given. */
export function listBots(bots: Iterable<Bot>, adapter?: string): Bot[] {
  const out: Bot[] = []
  for (const bot of bots) if (adapter === undefined || bot.adapter === adapter) out.push(bot)
  return out
}
