import type { Bot } from '../adapter/bot.js'
import { chatKey, describeTarget, normalizeTarget, type SendTarget } from '../adapter/target.js'
import { UnreachableTarget } from '../errors.js'
import type { MessageInput } from '../message/segment.js'
import { chooseBot } from './rendezvous.js'

/**
 * The connected bot that sends to `target`: among the bots allowed by its `adapter`/`bot` pins,
 * those that can reach it, then the same rendezvous choice per chat as the multi-bot policy (so the
 * bot that answers a group is also the one that speaks there first). Throws `UnreachableTarget`.
 */
export async function pickBot(bots: Iterable<Bot>, input: SendTarget): Promise<Bot> {
  const target = checked(input)
  const all = [...bots]
  const pinned = all.filter(
    (b) =>
      (target.adapter === undefined || b.adapter === target.adapter) &&
      (target.bot === undefined || b.selfId === target.bot),
  )
  const where = describeTarget(target)
  if (pinned.length === 0) {
    const pins = [target.adapter && `of adapter ${target.adapter}`, target.bot && `with id ${target.bot}`]
      .filter(Boolean)
      .join(' ')
    throw new UnreachableTarget(
      all.length === 0
        ? `cannot send to ${where}: no bot is connected`
        : `cannot send to ${where}: no connected bot ${pins} (connected: ${names(all)})`,
    )
  }
  const answers = await Promise.all(pinned.map((bot) => bot.canReach(target).catch(() => false)))
  const reachers = pinned.filter((_, i) => answers[i])
  const chosen = chooseBot(reachers, chatKey(target))
  if (!chosen) {
    throw new UnreachableTarget(
      `cannot send to ${where}: none of the connected bots (${names(pinned)}) is known to reach it ` +
        '(bots learn their groups, friends and guilds from events and from their contact lists)',
    )
  }
  return chosen
}

/** Picks the bot and sends; resolves with what the adapter's send action returned. */
export async function sendTo(
  bots: Iterable<Bot>,
  target: SendTarget,
  message: MessageInput,
): Promise<unknown> {
  const bot = await pickBot(bots, target)
  return bot.sendTo(checked(target), message)
}

function checked(input: SendTarget): SendTarget {
  const target = normalizeTarget(input)
  if (typeof target === 'string') throw new UnreachableTarget(`cannot send: ${target}`)
  return target
}

function names(bots: readonly Bot[]): string {
  return bots.map((b) => `${b.adapter}:${b.selfId}`).join(', ')
}
