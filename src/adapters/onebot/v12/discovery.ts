import type { Logger } from 'pino'
import type { V12BotRegistry } from './bots.js'
import type { V12WsConnection } from './connections/ws-connection.js'

/**
 * For implementations that never send `meta.connect` or `status_update`: learn the impl with
 * `get_version`, the bots with `get_status`, and as a last resort the single bot with
 * `get_self_info` (its platform is filled in by its first event). Failures are logged, not thrown.
 */
export async function discoverBots(
  connection: V12WsConnection,
  bots: V12BotRegistry,
  logger: Logger,
): Promise<void> {
  const asker = bots.placeholder(connection)
  const where = connection.description
  try {
    if (!connection.sawConnect && connection.impl === undefined) {
      connection.impl = (await asker.call('get_version')).impl
    }
    if (bots.on(connection).length > 0 || !connection.isOpen) return
    const status = await asker.call('get_status').catch((error: unknown) => {
      logger.debug({ err: error }, `${where}: get_status failed`)
      return undefined
    })
    for (const entry of status?.bots ?? []) {
      if (entry.online !== false && entry.self?.user_id !== undefined) {
        bots.ensure(
          { platform: String(entry.self.platform ?? ''), user_id: String(entry.self.user_id) },
          connection,
        )
      }
    }
    if (bots.on(connection).length > 0 || !connection.isOpen) return
    const me = await asker.call('get_self_info')
    if (me?.user_id !== undefined) bots.ensure({ platform: '', user_id: String(me.user_id) }, connection)
  } catch (error) {
    logger.warn(
      `${where}: no connect/status_update arrived and asking the implementation failed: ${(error as Error).message}`,
    )
  }
}
