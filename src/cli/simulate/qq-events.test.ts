// nbts simulate does what a QQ client does: notices, requests, roles, mentions, and says when the
// bot stays silent. The bot is a plain plugin file in a temporary project, run in-process.
import { EventEmitter } from 'node:events'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import type { CliIo } from '../io.js'
import { simulateCommand } from './command.js'

const PLUGIN = `export default {
  name: 'qq',
  setup(ctx) {
    ctx.notice((c) => {
      const e = c.event
      if (e.sub_type === 'poke') return c.send('ouch, ' + e.user_id + ' poked ' + e.target_id)
      if (e.notice_type === 'group_increase' || e.detail_type === 'group_member_increase') return c.send('welcome ' + e.user_id)
      if (e.notice_type === 'group_decrease' || e.detail_type === 'group_member_decrease')
        return c.send('bye ' + e.user_id + ' (' + e.sub_type + ' by ' + e.operator_id + ')')
    })
    ctx.request((c) => {
      const e = c.event
      if (e.request_type === 'friend') return c.bot.callApi('set_friend_add_request', { flag: e.flag, approve: true })
      if (e.request_type === 'group')
        return c.bot.callApi('set_group_add_request', { flag: e.flag, sub_type: e.sub_type, approve: false, reason: 'not now' })
      return c.bot.callApi('set_new_friend', { user_id: e.user_id, request_id: e.request_id, accept: true })
    })
    ctx.command('whoami', (c) => {
      const mentions = c.message.segments.filter((s) => s.type === 'at' || s.type === 'mention')
      const ids = mentions.map((s) => s.data.qq ?? s.data.user_id).join(',')
      return c.send((c.event.sender?.role ?? 'no role') + '; mentions: ' + ids)
    })
  },
}
`

const dirs: string[] = []
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

async function qqBot(): Promise<string> {
  // Under the project (not /tmp): vitest imports plugin files only from inside its root.
  const dir = await mkdtemp(join(process.cwd(), 'node_modules', '.cache', 'nbts-qq-'))
  dirs.push(dir)
  await writeFile(join(dir, 'package.json'), JSON.stringify({ nonebot: { plugins: ['./qq.mjs'] } }))
  await writeFile(join(dir, 'qq.mjs'), PLUGIN)
  await writeFile(join(dir, '.env'), '')
  return dir
}

/** Runs `nbts simulate` with `lines` on a non-TTY stdin; resolves with the exit code and the chat. */
async function chat(
  args: readonly string[],
  lines: readonly string[],
): Promise<{ code: number; out: string }> {
  const cwd = await qqBot()
  const input = new PassThrough()
  const output = new PassThrough()
  let out = ''
  output.on('data', (chunk) => {
    out += String(chunk)
  })
  const io: CliIo = {
    stdout: (t) => {
      out += t
    },
    stderr: (t) => {
      out += t
    },
    env: {},
    cwd,
    exit: ((code: number) => {
      throw new Error(`exit ${code}`)
    }) as CliIo['exit'],
    signals: new EventEmitter(),
    terminal: { input, output, isTTY: false },
  }
  const done = simulateCommand(args, io)
  input.end(`${lines.join('\n')}\n`)
  const code = await done
  return { code, out }
}

describe('nbts simulate as a QQ client', () => {
  it('V11: roles, mentions, pokes, members joining and leaving, requests, and silence', async () => {
    const { code, out } = await chat(
      ['--user', '42', '--group', '7', '--role', 'owner'],
      [
        '@bot /whoami @123 and @456',
        '/admin',
        '@bot /whoami',
        '/poke',
        '/join 555',
        '/kick 555',
        '/leave',
        '/friend hello there',
        '/invite 99',
        'just chatting in the group',
        '/private',
        '/poke',
        '/whoami',
        '/kick 1',
      ],
    )
    expect(code).toBe(0)
    const bot = out
      .split('\n')
      .filter((l) => l.startsWith('bot') || l.startsWith('(no reply)') || l.startsWith('* '))
    expect(bot).toEqual([
      'bot in group 7: owner; mentions: 123,456',
      'bot in group 7: admin; mentions: ',
      '* user 42 pokes the bot in group 7',
      'bot in group 7: ouch, 42 poked 10001',
      '* user 555 joins group 7',
      'bot in group 7: welcome 555',
      '* user 42 removes user 555 from group 7',
      'bot in group 7: bye 555 (kick by 42)',
      '* user 42 leaves group 7',
      'bot in group 7: bye 42 (leave by 42)',
      '* user 42 asks the bot to be friends',
      'bot accepts the friend request',
      '* user 42 invites the bot into group 99',
      'bot rejects the group request (not now)',
      '(no reply)',
      '* user 42 pokes the bot',
      'bot: ouch, 42 poked 10001',
      'bot: no role; mentions: ',
    ])
    expect(out).toContain('/kick happens in a group: choose one first with /group <id>')
    expect(out).toContain('user 42 (owner) in group 7: @bot /whoami @123 and @456')
  })

  it('V12: mentions and member notices; a poke says it has no standard V12 event', async () => {
    const { code, out } = await chat(
      ['--mode', 'v12-ws-reverse', '--user', '42', '--group', '7'],
      ['@bot /whoami @9', '/join', '/friend', '/poke', 'nobody listens to this'],
    )
    expect(code).toBe(0)
    const bot = out.split('\n').filter((l) => l.startsWith('bot') || l.startsWith('(no reply)'))
    expect(bot).toEqual([
      'bot in group 7: no role; mentions: 9',
      'bot in group 7: welcome 42',
      'bot accepts the friend request',
      '(no reply)',
    ])
    expect(out).toContain('/poke has no standard OneBot V12 event (try a V11 mode)')
  })

  it('refuses an unknown --role', async () => {
    const { code, out } = await chat(['--role', 'king'], [])
    expect(code).toBe(2)
    expect(out).toBe('error: --role must be owner, admin or member, not "king"\n')
  })
})
