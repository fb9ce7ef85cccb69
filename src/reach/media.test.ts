import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { MessageSegment } from '../adapters/onebot/v11/message-segment.js'
import { V12MessageSegment } from '../adapters/onebot/v12/message.js'
import { SendNotSupported } from '../errors.js'
import { universal } from '../message/universal.js'
import { definePlugin } from '../plugin/define-plugin.js'
import { createTestApp, type TestApp } from '../testing/kit/index.js'
import { v11Events, v12Events } from '../testing/simulator/index.js'

const dir = mkdtempSync(join(tmpdir(), 'nbts-media-'))
const catPath = join(dir, 'cat.png')
writeFileSync(catPath, Buffer.from('PNGDATA'))
const catBase64 = Buffer.from('PNGDATA').toString('base64')

let t: TestApp | undefined
afterEach(async () => {
  await t?.stop()
  t = undefined
})

/** Sends what `/show` is given in the test, to the sender's chat. */
let toSend: unknown[] = []
const show = definePlugin({
  name: 'show',
  setup(ctx) {
    ctx.command('show', (c) => c.send(toSend as never))
  },
})

const lastSent = (t: TestApp) =>
  t.sim.actions.filter((r) => r.action.startsWith('send_')).at(-1)!.params.message

describe('universal elements to V11', () => {
  it('text, at, reply, face and an image file (base64 by default), a Buffer, a URL', async () => {
    t = await createTestApp({ plugins: [show] })
    toSend = [
      universal.reply('77'),
      universal.at('20002'),
      universal.text(' look '),
      universal.face('14'),
      universal.image(catPath),
      universal.image(Buffer.from('PNGDATA')),
      universal.image('https://example.com/cat.png'),
    ]
    await t.receive(v11Events.privateMessage({ text: '/show' }))
    expect(lastSent(t)).toEqual([
      { type: 'reply', data: { id: '77' } },
      { type: 'at', data: { qq: '20002' } },
      { type: 'text', data: { text: ' look ' } },
      { type: 'face', data: { id: '14' } },
      { type: 'image', data: { file: `base64://${catBase64}` } },
      { type: 'image', data: { file: `base64://${catBase64}` } },
      { type: 'image', data: { file: 'https://example.com/cat.png' } },
    ])
  })

  it('ONEBOT_MEDIA=path sends the absolute path, url a file:// URL; record, video and file too', async () => {
    t = await createTestApp({ plugins: [show], config: { ONEBOT_MEDIA: 'path' } })
    toSend = [universal.record(catPath), universal.file(pathToFileURL(catPath), 'cat.png')]
    await t.receive(v11Events.privateMessage({ text: '/show' }))
    expect(lastSent(t)).toEqual([
      { type: 'record', data: { file: catPath } },
      { type: 'file', data: { file: catPath, name: 'cat.png' } },
    ])
    await t.stop()
    t = await createTestApp({ plugins: [show], config: { ONEBOT_MEDIA: 'url' } })
    toSend = [universal.video(catPath)]
    await t.receive(v11Events.privateMessage({ text: '/show' }))
    expect(lastSent(t)).toEqual([{ type: 'video', data: { file: pathToFileURL(catPath).href } }])
  })

  it('a V12 segment sent by a V11 bot is a clear error; a missing file too', async () => {
    t = await createTestApp({ actions: { get_friend_list: () => [{ user_id: 20002 }] } })
    await expect(t.app.sendTo({ user: '20002' }, [V12MessageSegment.mention('1')])).rejects.toThrow(
      /a onebot\.v12 "mention" segment cannot be sent by a onebot\.v11 bot/,
    )
    await expect(
      t.app.sendTo({ user: '20002' }, [universal.image(join(dir, 'nope.png'))]),
    ).rejects.toBeInstanceOf(SendNotSupported)
    // The adapter's own builders still go through, as plain segments on the wire.
    await t.app.sendTo({ user: '20002' }, [MessageSegment.at('20002')])
    expect(lastSent(t)).toEqual([{ type: 'at', data: { qq: '20002' } }])
  })
})

describe('universal elements to V12', () => {
  it('mention, reply, face, and media uploaded with upload_file (data by default)', async () => {
    t = await createTestApp({
      plugins: [show],
      adapter: 'onebot.v12',
      actions: { upload_file: (call) => ({ file_id: `f-${String(call.params.type)}` }) },
    })
    toSend = [
      universal.reply('m1'),
      universal.at('20002'),
      universal.at('all'),
      universal.face('14'),
      universal.image(catPath),
      universal.record('https://example.com/a.mp3'),
    ]
    await t.receive(v12Events.privateMessage({ text: '/show' }))
    const uploads = t.sim.actions.filter((r) => r.action === 'upload_file').map((r) => r.params)
    expect(uploads).toEqual([
      { type: 'data', name: 'cat.png', data: catBase64 },
      { type: 'url', name: 'record', url: 'https://example.com/a.mp3' },
    ])
    expect(lastSent(t)).toEqual([
      { type: 'reply', data: { message_id: 'm1' } },
      { type: 'mention', data: { user_id: '20002' } },
      { type: 'mention_all', data: {} },
      { type: 'face', data: { id: 14 } },
      { type: 'image', data: { file_id: 'f-data' } },
      { type: 'voice', data: { file_id: 'f-url' } },
    ])
  })

  it('a V11 segment or a V11 message sent by a V12 bot is a clear error', async () => {
    t = await createTestApp({
      adapter: 'onebot.v12',
      actions: { get_friend_list: () => [{ user_id: '20002' }] },
    })
    await expect(t.app.sendTo({ user: '20002' }, [MessageSegment.face(14)])).rejects.toThrow(
      /a onebot\.v11 "face" segment cannot be sent by a onebot\.v12 bot/,
    )
    const { V11Message } = await import('../adapters/onebot/v11/message.js')
    await expect(t.app.sendTo({ user: '20002' }, V11Message.fromCQ('[CQ:face,id=1]'))).rejects.toThrow(
      SendNotSupported,
    )
  })
})
