import type { Plugin } from '../plugin/define-plugin.js'
import { echo } from './echo.js'
import { help } from './help.js'
import { singleSession } from './single-session.js'
import { switchPlugin } from './switch.js'

/** Plugins shipped with nonebot-ts, by the name `builtinPlugins` uses. */
export const builtinPlugins: Readonly<Record<string, Plugin>> = {
  echo,
  help,
  single_session: singleSession,
  switch: switchPlugin,
}

export { echo, help, singleSession, switchPlugin }
