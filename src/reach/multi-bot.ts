import { z } from 'zod'
import type { Bot } from '../adapter/bot.js'
import type { IncomingEvent } from '../adapter/event.js'
import { type ChatTarget, chatKey, describeTarget } from '../adapter/target.js'
import type { App } from '../app.js'
import type { Dispatcher, EventHook } from '../matcher/dispatcher.js'
import type { HookEntry } from '../matcher/run.js'
import { listBots } from './bots.js'
import { chooseBot } from './rendezvous.js'

export const multiBotConfigShape = {
  multi_bot: z
    .enum(['one', 'all'])
    .default('one')
    .describe('one (a message in a group with several of our bots is handled by one of them) or all'),
}

/**
 * `MULTI_BOT=one` (the default): when several of our bots (of one adapter) are in a group or a
 * channel, each of its messages and notices is handled by one of them only. Each bot receives the
 * message and decides alone, with the same answer: the bots the message mentions (or quotes) if it
 * mentions any of them, else all of them in the chat, and among those the rendezvous choice for
 * the chat, so one group is always answered by the same bot while the set of bots is unchanged.
 *
 * It runs as an event pre-processor installed only while an adapter has two bots or more, so a
 * single bot pays nothing on the event path.
 */
export function installMultiBot(app: App, dispatcher: Dispatcher): void {
  if (app.config.section(multiBotConfigShape).multi_bot === 'all') return
  const entry: HookEntry<EventHook> = {
    plugin: 'MULTI_BOT',
    fn: (c) => gate(app, c.incoming, (reason) => c.skipEvent(reason)),
  }
  const update = () => {
    const counts = new Map<string, number>()
    let several = false
    for (const bot of app.bots.values()) {
      const n = (counts.get(bot.adapter) ?? 0) + 1
      counts.set(bot.adapter, n)
      if (n > 1) several = true
    }
    if (several) dispatcher.beforeEvent.add(entry)
    else dispatcher.beforeEvent.delete(entry)
  }
  app.onBotConnect(update)
  app.onBotDisconnect(update)
}

async function gate(app: App, event: IncomingEvent, skip: (reason: string) => never): Promise<void> {
  if (event.kind !== 'message' && event.kind !== 'notice') return
  const chat = event.chat
  if (chat === undefined || chat.user !== undefined) return
  const siblings = listBots(app.bots.values(), event.adapter)
  if (siblings.length < 2) return
  const chosen = await choose(siblings, event, chat)
  if (chosen && chosen !== event.bot) {
    skip(`MULTI_BOT=one: bot ${chosen.selfId} handles ${describeTarget(chat)}, not ${event.bot.selfId}`)
  }
}

async function choose(
  siblings: readonly Bot[],
  event: IncomingEvent,
  chat: ChatTarget,
): Promise<Bot | undefined> {
  const inChat = await Promise.all(
    siblings.map((bot) => (bot === event.bot ? true : bot.canReach(chat).catch(() => false))),
  )
  const present = siblings.filter((_, i) => inChat[i])
  if (present.length < 2) return undefined
  const mentions = event.mentions ?? []
  const addressed = mentions.length === 0 ? [] : present.filter((bot) => mentions.includes(bot.selfId))
  return chooseBot(addressed.length > 0 ? addressed : present, chatKey(chat))
}
