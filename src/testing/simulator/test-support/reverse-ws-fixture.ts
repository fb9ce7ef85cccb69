import { afterEach } from 'vitest'
import { createSimulator, type Simulator } from '../index.js'
import type { SimulatorOptions, V11SimulatorOptions, V12SimulatorOptions } from '../options.js'
import { type WsServerPeer, wsServerPeer } from './peers.js'

type DialOptions<V extends 11 | 12> = Omit<
  V extends 11 ? V11SimulatorOptions : V12SimulatorOptions,
  'version' | 'mode' | 'url'
>

/**
 * Reverse-WS simulator tests: a framework-side server peer and a simulator of `version` dialling
 * it. Everything opened through `dialling` or handed to `track` is closed after each test, newest
 * first. Test-only code.
 */
export function reverseWsFixture<V extends 11 | 12>(version: V) {
  const open: { close(): Promise<unknown> }[] = []
  afterEach(async () => {
    for (const thing of open.splice(0).reverse()) await thing.close()
  })
  const track = <T extends { close(): Promise<unknown> }>(thing: T): T => {
    open.push(thing)
    return thing
  }
  return {
    track,
    /** Starts a server peer (with `peerOptions`) and a simulator dialling it. */
    async dialling(
      options: DialOptions<V> = {} as DialOptions<V>,
      peerOptions?: Parameters<typeof wsServerPeer>[0],
    ): Promise<{ peer: WsServerPeer; sim: Simulator }> {
      const peer = track(await wsServerPeer(peerOptions))
      const sim = track(
        createSimulator({ version, mode: 'ws-reverse', url: peer.url, ...options } as SimulatorOptions),
      )
      await sim.start()
      return { peer, sim }
    },
  }
}
