import type { Plugin } from '../plugin/define-plugin.js'
import { echo } from './echo.js'

/** Plugins shipped with nonebot-ts, by the name `builtinPlugins` uses. */
export const builtinPlugins: Readonly<Record<string, Plugin>> = { echo }

export { echo }
