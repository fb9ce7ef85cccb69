import type { Bot } from '../adapter/bot.js'

/**
 * Rendezvous (highest random weight) choice of one bot for `key`: every bot scores
 * hash(key, bot) and the highest wins. The choice is the same on every run and machine, and when a
 * bot comes or goes only the keys it wins move.
 */
export function chooseBot<B extends Bot>(bots: readonly B[], key: string): B | undefined {
  let best: B | undefined
  let bestScore = -1
  for (const bot of bots) {
    const score = fnv1a(`${key}\0${bot.adapter}:${bot.selfId}`)
    if (score > bestScore || (score === bestScore && best !== undefined && bot.selfId < best.selfId)) {
      best = bot
      bestScore = score
    }
  }
  return best
}

/** 32-bit FNV-1a with a final avalanche (murmur3's fmix32), so near keys spread apart. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}
