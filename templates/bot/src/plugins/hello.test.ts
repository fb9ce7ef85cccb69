import { createTestApp, v11Events } from 'nonebot-ts/testing'
import { onTestFinished, test } from 'vitest'
import hello from './hello.js'

// createTestApp runs the bot with the real OneBot V11 adapter, fed by a simulated implementation
// (NapCat). Each receive() is one message from user 20002; the should* calls then check, in
// order, what the bot did. transport: 'wire' makes it talk over a real WebSocket instead.

test('greets by the name given with the command', async () => {
  const t = await createTestApp({ plugins: [hello] })
  onTestFinished(() => t.stop())

  await t.receive(v11Events.privateMessage({ text: '/hello Alice' }))
  t.shouldSend('Hello, Alice!')
  t.shouldFinish()
  t.shouldDoNothingElse()
})

test('asks for a name first when none is given', async () => {
  const t = await createTestApp({ plugins: [hello], transport: 'wire' })
  onTestFinished(() => t.stop())

  await t.receive(v11Events.privateMessage({ text: '/hello' }))
  t.shouldSend('What is your name?')
  t.shouldPause()

  await t.receive(v11Events.privateMessage({ text: 'Bob' }))
  t.shouldSend('Hello, Bob!')
  t.shouldFinish()
  t.shouldDoNothingElse()
})
