import {
  cqToSegments,
  type Simulator,
  type V11WireEvent,
  type V12WireEvent,
  v11Events,
  v12Events,
} from '../../testing/simulator/index.js'

export type GroupRole = 'owner' | 'admin' | 'member'

/** Who is typing, and where. */
export interface ChatTarget {
  userId: string
  /** Undefined: a private chat with the bot. */
  groupId: string | undefined
  /** The sender's role in groups (for matchers with owner/admin permissions). */
  role: GroupRole
}

/** What a chat line or command sends: the event, and how the chat tells the person. */
export interface ChatEvent {
  readonly event: V11WireEvent | V12WireEvent
  /** `user 42 pokes the bot`; undefined for a typed message (the person sees their own line). */
  readonly says?: string
}

/** The chat commands that send an event to the bot instead of a message. */
export const EVENT_COMMANDS = new Set(['/poke', '/join', '/leave', '/kick', '/friend', '/invite'])

export const EVENT_HELP = `  @123 / @bot / @all  mention a user, the bot, everyone (anywhere in a line)
  /owner, /admin, /member   your role in groups
  /poke [id]        poke the bot (or user id), in the group or privately
  /join [id]        you (or user id) join the group: a group member increase notice
  /leave [id]       you (or user id) leave the group: a group member decrease notice
  /kick <id>        you remove user id from the group (decrease, sub type kick)
  /friend [text]    ask the bot to be your friend: a friend request
  /invite [group]   invite the bot into a group: a group invite request
`

/** `@123`, `@bot`, `@bot10001`, `@all`: a mention; the rest of the line is text. */
const MENTION = /@(\d+|bot\d*|all)(?![\w])/g

type Segment = { type: string; data: Record<string, unknown> }

/** A typed line as the event a QQ client would send: mentions become at/mention segments. */
export function messageEvent(sim: Simulator, target: ChatTarget, line: string): ChatEvent {
  const bot = sim.bots[0]!
  if (sim.version === 11) {
    // V11 users may also type CQ codes (an image, a face): they are sent as segments.
    const message = cqToSegments(line).flatMap((seg) =>
      seg.type === 'text' ? splitMentions(String(seg.data?.text ?? ''), bot.id, 11) : [seg],
    )
    const common = { selfId: Number(bot.id), userId: Number(target.userId), message }
    return {
      event:
        target.groupId === undefined
          ? v11Events.privateMessage(common)
          : v11Events.groupMessage({ ...common, groupId: Number(target.groupId), role: target.role }),
    }
  }
  const common = {
    self: { platform: bot.platform, user_id: bot.id },
    userId: target.userId,
    message: splitMentions(line, bot.id, 12),
  }
  return {
    event:
      target.groupId === undefined
        ? v12Events.privateMessage(common)
        : v12Events.groupMessage({ ...common, groupId: target.groupId }),
  }
}

function splitMentions(text: string, botId: string, version: 11 | 12): Segment[] {
  const out: Segment[] = []
  let at = 0
  for (const match of text.matchAll(MENTION)) {
    if (match.index > at) out.push({ type: 'text', data: { text: text.slice(at, match.index) } })
    const who = match[1]!.startsWith('bot') ? botId : match[1]!
    if (version === 11) out.push({ type: 'at', data: { qq: who } })
    else if (who === 'all') out.push({ type: 'mention_all', data: {} })
    else out.push({ type: 'mention', data: { user_id: who } })
    at = match.index + match[0].length
  }
  if (at < text.length) out.push({ type: 'text', data: { text: text.slice(at) } })
  return out
}

/**
 * The event a chat command stands for (`/poke`, `/join` ...), or a sentence saying why it cannot
 * be sent (no group chosen, not in OneBot V12).
 */
export function commandEvent(
  sim: Simulator,
  target: ChatTarget,
  word: string,
  args: readonly string[],
): ChatEvent | string {
  const bot = sim.bots[0]!
  const you = target.userId
  const group = target.groupId
  const arg = args[0]
  const needGroup = `${word} happens in a group: choose one first with /group <id>`
  if (sim.version === 11) {
    const base = { selfId: Number(bot.id) }
    switch (word) {
      case '/poke': {
        const whom = arg ?? bot.id
        const event = v11Events.notice.poke({
          ...base,
          userId: Number(you),
          targetId: Number(whom),
          ...(group === undefined ? {} : { groupId: Number(group) }),
        })
        return {
          event,
          says: `user ${you} pokes ${whom === bot.id ? 'the bot' : `user ${whom}`}${where(group)}`,
        }
      }
      case '/join':
      case '/leave': {
        if (group === undefined) return needGroup
        const who = arg ?? you
        const member = { ...base, groupId: Number(group), userId: Number(who) }
        return word === '/join'
          ? { event: v11Events.notice.groupIncrease(member), says: `user ${who} joins group ${group}` }
          : { event: v11Events.notice.groupDecrease(member), says: `user ${who} leaves group ${group}` }
      }
      case '/kick': {
        if (group === undefined) return needGroup
        if (!arg) return 'usage: /kick <user id>'
        const event = v11Events.notice.groupDecrease({
          ...base,
          groupId: Number(group),
          userId: Number(arg),
          operatorId: Number(you),
          subType: 'kick',
        })
        return { event, says: `user ${you} removes user ${arg} from group ${group}` }
      }
      case '/friend':
        return {
          event: v11Events.request.friend({ ...base, userId: Number(you), comment: args.join(' ') }),
          says: `user ${you} asks the bot to be friends`,
        }
      case '/invite': {
        const into = arg ?? group
        if (into === undefined) return 'usage: /invite <group id> (or choose a group first with /group <id>)'
        const event = v11Events.request.group({
          ...base,
          userId: Number(you),
          groupId: Number(into),
          subType: 'invite',
        })
        return { event, says: `user ${you} invites the bot into group ${into}` }
      }
    }
  }
  const self = { self: { platform: bot.platform, user_id: bot.id } }
  switch (word) {
    case '/join':
    case '/leave': {
      if (group === undefined) return needGroup
      const who = arg ?? you
      const member = { ...self, groupId: group, userId: who }
      return word === '/join'
        ? { event: v12Events.notice.groupMemberIncrease(member), says: `user ${who} joins group ${group}` }
        : { event: v12Events.notice.groupMemberDecrease(member), says: `user ${who} leaves group ${group}` }
    }
    case '/kick': {
      if (group === undefined) return needGroup
      if (!arg) return 'usage: /kick <user id>'
      const event = v12Events.notice.groupMemberDecrease({
        ...self,
        groupId: group,
        userId: arg,
        operatorId: you,
        subType: 'kick',
      })
      return { event, says: `user ${you} removes user ${arg} from group ${group}` }
    }
    case '/friend':
      return {
        event: v12Events.request.newFriend({ ...self, userId: you, message: args.join(' ') }),
        says: `user ${you} asks the bot to be friends`,
      }
    default:
      return `${word} has no standard OneBot V12 event (try a V11 mode)`
  }
}

function where(group: string | undefined): string {
  return group === undefined ? '' : ` in group ${group}`
}
