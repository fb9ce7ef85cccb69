import { z } from 'zod'
import type { Bot } from '../adapter/bot.js'
import type { IncomingEvent } from '../adapter/event.js'
import { type ChatTarget, chatKey, describeTarget } from '../adapter/target.js'
import type { App } from '../app.js'
import type { Dispatcher, EventHook } from '../matcher/dispatcher.js'
import type { HookEntry } from '../matcher/run.js'
import { chooseBot } from './rendezvous.js'

export const multiBotConfigShape = {
  multi_bot: z
    .enum(['one', 'all'])
    .default('one')
    .describe('one (a message in a group with several of our bots is handled by one of them) or all'),
}

/** What the plugin manager keeps of the policy: the contact lists still loading, for `idle()`. */
export interface MultiBot {
  /** Resolves when the group lists the policy asked for are loaded. */
  settled(): Promise<void>
}

/**
 * `MULTI_BOT=one` (the default): when several of our bots (of one adapter and platform) are in a
 * group or a channel, each of its messages and notices is handled by one of them only. Each bot
 * receives the message and decides alone, with the same answer: the bots the message mentions (or
 * quotes) if it mentions any of them, else all of ours in the chat, and among those the
 * rendezvous choice for the chat, so one group is always answered by the same bot while the set
 * of bots is unchanged.
 *
 * It runs as an event pre-processor installed only while an adapter has two bots or more, so a
 * single bot pays nothing; it decides from what the bots know (no call on the event path), and
 * their group lists are loaded as soon as a second bot connects.
 */
export function installMultiBot(app: App, dispatcher: Dispatcher): MultiBot | undefined {
  if (app.config.section(multiBotConfigShape).multi_bot === 'all') return undefined
  const entry: HookEntry<EventHook> = {
    plugin: 'MULTI_BOT',
    fn: (c) => gate(app, c.incoming, (reason) => c.skipEvent(reason)),
  }
  let warming: Promise<unknown> = Promise.resolve()
  const update = () => {
    const groups = new Map<string, Bot[]>()
    for (const bot of app.bots.values()) {
      const key = networkOf(bot)
      const list = groups.get(key)
      if (list) list.push(bot)
      else groups.set(key, [bot])
    }
    const several = [...groups.values()].filter((bots) => bots.length > 1)
    if (several.length === 0) {
      dispatcher.beforeEvent.delete(entry)
      return
    }
    dispatcher.beforeEvent.add(entry)
    // After the adapter's current step: a bot is announced before its connection is attached.
    warming = Promise.resolve().then(() => Promise.all(several.flat().map((bot) => bot.contacts?.warm())))
  }
  app.onBotConnect(update)
  app.onBotDisconnect(update)
  return { settled: () => warming.then(() => undefined) }
}

function gate(app: App, event: IncomingEvent, skip: (reason: string) => never): void {
  if (event.kind !== 'message' && event.kind !== 'notice') return
  const chat = event.chat
  if (chat === undefined || chat.user !== undefined) return
  const chosen = choose(app, event, chat)
  if (chosen && chosen !== event.bot) {
    skip(`MULTI_BOT=one: bot ${chosen.selfId} handles ${describeTarget(chat)}, not ${event.bot.selfId}`)
  }
}

function choose(app: App, event: IncomingEvent, chat: ChatTarget): Bot | undefined {
  const network = networkOf(event.bot)
  const present: Bot[] = []
  for (const bot of app.bots.values()) {
    if (bot === event.bot || (networkOf(bot) === network && bot.contacts?.knows(chat))) present.push(bot)
  }
  if (present.length < 2) return undefined
  const mentions = event.mentions ?? []
  const addressed = mentions.length === 0 ? [] : present.filter((bot) => mentions.includes(bot.selfId))
  return chooseBot(addressed.length > 0 ? addressed : present, chatKey(chat))
}

/** Bots of one adapter and platform share group ids; others never compete. */
function networkOf(bot: Bot): string {
  return `${bot.adapter}\0${bot.platform}`
}
