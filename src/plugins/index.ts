import type { Plugin } from '../plugin/define-plugin.js'
import { echo } from './echo.js'
import { singleSession } from './single-session.js'

/** Plugins shipped with nonebot-ts, by the name `builtinPlugins` uses. */
export const builtinPlugins: Readonly<Record<string, Plugin>> = { echo, single_session: singleSession }

export { echo, singleSession }
